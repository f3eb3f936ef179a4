import { Alert, Badge, Button, Checkbox, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useSignedIn } from '../app/session';
import { languageName } from '../templates/words';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SearchBox } from '../ui/ListFilters';
import { PagedTable, pageSize, type Column } from '../ui/PagedTable';
import { compactPhone } from '../ui/rules';
import { StatusBadge } from '../ui/StatusBadge';
import { useNow } from '../ui/useNow';
import { relativeTime } from '../webhooks/words';
import {
  createSimulatedUser,
  deleteSimulatedUser,
  listUserConversations,
  updateSimulatedUser,
  type NewSimulatedUser,
  type SimulatedUser,
  type SimulatedUserChanges,
  type UserConversation,
  listMessages,
  listSimulatedUsers,
} from './api';
import { Conversation } from './Conversation';
import { latestMessages } from './TestMessagingPanel';
import { WindowCountdown } from './WindowCountdown';
import { behaviourHint, behaviourWords, contactName, isBrazilianMobile } from './words';
import { WriteAsUser, type ChosenChannel } from './WriteAsUser';

/** conversationsRefreshMs is how often a chosen user's conversations reload while shown. */
export const conversationsRefreshMs = 2000;

const usersKey = ['operator', 'simulator', 'users'];

/** SimulatorUsers is the simulator's directory of WhatsApp users: who they are, how they behave, what they wrote and were sent. */
export function SimulatorUsers() {
  const admin = useSignedIn().user.role === 'platform_admin';
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<SimulatedUser | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SimulatedUser | null>(null);
  const [chosen, setChosen] = useState<SimulatedUser | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const query = { limit: pageSize, offset: (page - 1) * pageSize, sort: 'name', q };
  const users = useQuery({ queryKey: [...usersKey, query], queryFn: () => listSimulatedUsers(query), placeholderData: keepPreviousData });
  const rows = users.data?.users ?? [];
  const reload = () => queryClient.invalidateQueries({ queryKey: usersKey });
  const remove = useMutation({
    mutationFn: (user: SimulatedUser) => deleteSimulatedUser(user.id),
    onSuccess: (_, user) => {
      setDeleting(null);
      if (chosen?.id === user.id) setChosen(null);
      setDone(`${user.name} (${user.phone_number}) is no longer in the directory: the number now behaves as any WhatsApp user.`);
      return reload();
    },
  });

  const columns: Column<SimulatedUser>[] = [
    {
      header: 'User',
      cell: (user) => (
        <Stack gap={0}>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {user.name}
            </Text>
            {user.seed && (
              <Badge size="xs" variant="outline" color="gray">
                Example
              </Badge>
            )}
          </Group>
          <Text size="sm" ff="monospace">
            {user.phone_number}
          </Text>
          {user.wa_id !== user.phone_number.replace(/^\+/, '') && (
            <Text size="xs" c="dimmed">
              WhatsApp ID {user.wa_id}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      header: 'Behaviour',
      cell: (user) => (
        <Stack gap={4}>
          <Group gap={4}>
            {behaviourWords(user).map((tone) => (
              <StatusBadge key={tone.label} tone={tone} />
            ))}
          </Group>
          <Text size="xs" c="dimmed">
            {behaviourHint(user)}
          </Text>
        </Stack>
      ),
    },
    { header: 'Language', cell: (user) => languageName(user.language) },
    {
      header: 'Actions',
      cell: (user) => (
        <Group gap="xs" wrap="nowrap">
          <Button size="compact-sm" variant={chosen?.id === user.id ? 'filled' : 'light'} onClick={() => setChosen(user)} aria-label={`${admin ? 'Write as' : 'Conversations of'} ${user.name}`}>
            {admin ? 'Write as this user' : 'Conversations'}
          </Button>
          {admin && (
            <>
              <Button size="compact-sm" variant="default" onClick={() => setEditing(user)} aria-label={`Edit ${user.name}`}>
                Edit
              </Button>
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(user)} aria-label={`Delete ${user.name}`}>
                Delete
              </Button>
            </>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Stack gap={2}>
            <Title order={3} size="h4">
              Simulated users
            </Title>
            <Text size="sm" c="dimmed">
              The WhatsApp users the simulator knows. Any other valid number behaves as a reachable user who sends read receipts.
            </Text>
          </Stack>
          {admin && <Button onClick={() => setEditing('new')}>Add a user</Button>}
        </Group>
        <SearchBox
          label="Search by name or number"
          value={q}
          onSearch={(text) => {
            setQ(/^[+\d]/.test(text) ? compactPhone(text) : text);
            setPage(1);
          }}
        />
        {done && (
          <Alert color="green" role="status" withCloseButton onClose={() => setDone(null)}>
            {done}
          </Alert>
        )}
        <ErrorAlert error={users.error} title="Could not load the simulated users" />
        <PagedTable
          caption="Simulated users"
          columns={columns}
          rows={rows}
          total={users.data?.total ?? rows.length}
          page={page}
          onPage={setPage}
          empty={q ? `No simulated user matches “${q}”.` : 'The directory is empty.'}
        />
        {chosen && <ChosenUser key={chosen.id} user={rows.find((row) => row.id === chosen.id) ?? chosen} admin={admin} onClose={() => setChosen(null)} />}
      </Stack>
      {editing && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(user, created) => {
            setEditing(null);
            setDone(created ? `${user.name} (${user.phone_number}) is in the directory, as WhatsApp ID ${user.wa_id}.` : `${user.name} is saved.`);
            void reload();
          }}
        />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete the simulated user"
        confirmLabel="Delete"
        color="red"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        {deleting &&
          `${deleting.name} (${deleting.phone_number}) leaves the directory; messages to the number then behave as to any WhatsApp user.${deleting.seed ? ' As one of the examples, the user comes back when the hub restarts.' : ''}`}
      </ConfirmDialog>
    </Paper>
  );
}

/** ChosenUser shows one user's conversations and, for platform admins, lets the operator write as them. */
function ChosenUser({ user, admin, onClose }: { user: SimulatedUser; admin: boolean; onClose: () => void }) {
  const [channel, setChannel] = useState<ChosenChannel | null>(null);
  return (
    <Paper withBorder p="md" bg="var(--mantine-color-default-hover)" role="region" aria-label={`${user.name} on WhatsApp`}>
      <Stack>
        <Group justify="space-between">
          <Stack gap={0}>
            <Title order={4} size="h5">
              {user.name}
            </Title>
            <Text size="sm" ff="monospace">
              {user.phone_number}
            </Text>
          </Stack>
          <Button variant="subtle" size="compact-sm" onClick={onClose}>
            Close
          </Button>
        </Group>
        <UserConversations user={user} onWrite={admin ? setChannel : undefined} />
        {admin && <WriteAsUser key={channel?.id ?? ''} user={user} initialChannel={channel} />}
      </Stack>
    </Paper>
  );
}

/** UserConversations lists the numbers a simulated user talks to, with the last message and the window of each. */
function UserConversations({ user, onWrite }: { user: SimulatedUser; onWrite?: (channel: ChosenChannel) => void }) {
  const now = useNow(15_000);
  const [shown, setShown] = useState<string | null>(null);
  const query = { limit: 50, sort: '-last_message_at' };
  const conversations = useQuery({
    queryKey: [...usersKey, user.id, 'conversations', query],
    queryFn: () => listUserConversations(user.id, query),
    refetchInterval: conversationsRefreshMs,
    placeholderData: keepPreviousData,
  });
  const rows = conversations.data?.conversations ?? [];
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Conversations
      </Text>
      <ErrorAlert error={conversations.error} title="Could not load the conversations" />
      {conversations.data && rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {user.name} has no conversation with any number yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-label={`Conversations of ${user.name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Last message</Table.Th>
                <Table.Th>Window</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((conversation) => (
                <Fragment key={`${conversation.channel_id}-${conversation.wa_id}`}>
                  <Table.Tr>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {conversation.channel_phone_number ?? conversation.channel_id}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {conversation.client_name ?? ''}
                        {conversation.profile_name && conversation.profile_name !== user.name ? ` · shown as ${contactName(conversation)}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {conversation.last_message ? `${conversation.last_message.direction === 'inbound' ? `${user.name}: ` : 'Business: '}${conversation.last_message.summary ?? ''}` : '—'}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {relativeTime(conversation.last_message_at, now)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <WindowCountdown expiresAt={conversation.window_expires_at} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => setShown(shown === conversation.channel_id ? null : conversation.channel_id)}
                          aria-expanded={shown === conversation.channel_id}
                          aria-label={`Messages with ${conversation.channel_phone_number ?? conversation.channel_id}`}
                        >
                          {shown === conversation.channel_id ? 'Hide messages' : 'Messages'}
                        </Button>
                        {onWrite && (
                          <Button size="compact-sm" variant="light" onClick={() => onWrite(channelOf(conversation))} aria-label={`Write to ${conversation.channel_phone_number ?? conversation.channel_id}`}>
                            Write to this number
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {shown === conversation.channel_id && (
                    <Table.Tr>
                      <Table.Td colSpan={4}>
                        <UserMessages user={user} conversation={conversation} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** UserMessages shows the messages of one of the user's conversations, oldest first, as the number's panel does. */
function UserMessages({ user, conversation }: { user: SimulatedUser; conversation: UserConversation }) {
  const owner = { partnerId: conversation.partner_id ?? '', clientId: conversation.client_id ?? '' };
  const query = { limit: latestMessages, sort: '-created_at' };
  const messages = useQuery({
    queryKey: [...usersKey, user.id, 'messages', conversation.channel_id, query],
    queryFn: () => listMessages(owner, conversation.channel_id, conversation.wa_id, query),
    refetchInterval: conversationsRefreshMs,
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="xs">
      <ErrorAlert error={messages.error} title="Could not load the messages" />
      <Conversation messages={[...(messages.data?.messages ?? [])].reverse()} label={`Messages of ${user.name} with ${conversation.channel_phone_number ?? conversation.channel_id}`} />
    </Stack>
  );
}

const channelOf = (conversation: UserConversation): ChosenChannel => ({
  id: conversation.channel_id,
  label: [conversation.channel_phone_number ?? conversation.channel_id, conversation.client_name].filter(Boolean).join(' · '),
});

// ---- Create and edit

type Flags = Pick<SimulatedUser, 'on_whatsapp' | 'reachable' | 'blocks_business' | 'read_receipts'>;

const flagLabels: { name: keyof Flags; label: string; description: string }[] = [
  { name: 'on_whatsapp', label: 'On WhatsApp', description: 'Off: every message fails, as to a number without WhatsApp.' },
  { name: 'reachable', label: 'Phone reachable', description: 'Off: messages stay sent, and are delivered once it is on again.' },
  { name: 'blocks_business', label: 'Blocks businesses', description: 'On: every message fails, and WhatsApp does not say why.' },
  { name: 'read_receipts', label: 'Sends read receipts', description: 'Off: messages end at delivered.' },
];

const languagePattern = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/** UserDialog adds a user to the directory, or edits one (the number and WhatsApp ID stay). */
function UserDialog({ user, onClose, onSaved }: { user: SimulatedUser | null; onClose: () => void; onSaved: (user: SimulatedUser, created: boolean) => void }) {
  const [phone, setPhone] = useState(user?.phone_number ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [language, setLanguage] = useState(user?.language ?? 'en');
  const [flags, setFlags] = useState<Flags>({
    on_whatsapp: user?.on_whatsapp ?? true,
    reachable: user?.reachable ?? true,
    blocks_business: user?.blocks_business ?? false,
    read_receipts: user?.read_receipts ?? true,
  });
  const [dropNinth, setDropNinth] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const number = compactPhone(phone.trim());
  const problems = {
    phone: user ? null : number === '' ? 'Phone number is required.' : /^\+[1-9]\d{6,14}$/.test(number) ? null : 'Enter the number in international format, starting with +, like +5511912345678.',
    name: name.trim() === '' ? 'Name is required.' : null,
    language: languagePattern.test(language.trim()) ? null : 'Use a language code such as en, pt_BR or fil.',
  };
  const brazil = !user && isBrazilianMobile(number);
  const save = useMutation({
    mutationFn: async () => {
      if (!user) {
        const created: NewSimulatedUser = { phone_number: number, name: name.trim(), language: language.trim(), ...flags, ...(brazil && dropNinth && { drop_ninth_digit: true }) };
        return { user: await createSimulatedUser(created), created: true };
      }
      const changes: SimulatedUserChanges = {};
      if (name.trim() !== user.name) changes.name = name.trim();
      if (language.trim() !== user.language) changes.language = language.trim();
      for (const { name: flag } of flagLabels) if (flags[flag] !== user[flag]) changes[flag] = flags[flag];
      return { user: Object.keys(changes).length > 0 ? await updateSimulatedUser(user.id, changes) : user, created: false };
    },
    onSuccess: ({ user: saved, created }) => onSaved(saved, created),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.values(problems).every((problem) => problem === null)) save.mutate();
  };
  const title = user ? `Edit ${user.name}` : 'Add a simulated user';
  return (
    <Modal opened onClose={onClose} title={title} size="lg" centered>
      <form noValidate onSubmit={submit}>
        <Stack>
          {user ? (
            <Text size="sm">
              <Text span ff="monospace">
                {user.phone_number}
              </Text>{' '}
              · WhatsApp ID {user.wa_id}. To change the number, delete the user and add it again.
            </Text>
          ) : (
            <TextInput label="Phone number" placeholder="+5511912345678" value={phone} onChange={(event) => setPhone(event.currentTarget.value)} error={attempted || phone ? problems.phone : null} />
          )}
          {brazil && (
            <Checkbox
              label="WhatsApp knows this number without its ninth digit"
              description={`Older Brazilian accounts have a WhatsApp ID without the 9 after the area code: ${number.replace(/^\+?(55\d{2})9/, '$1')} instead of ${number.replace(/^\+/, '')}.`}
              checked={dropNinth}
              onChange={(event) => setDropNinth(event.currentTarget.checked)}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Profile name" description="The name WhatsApp shows the business" value={name} onChange={(event) => setName(event.currentTarget.value)} error={attempted ? problems.name : null} />
            <TextInput
              label="Language"
              description={languageName(language.trim()) !== language.trim() ? languageName(language.trim()) : 'A code such as en, pt_BR or fil'}
              value={language}
              onChange={(event) => setLanguage(event.currentTarget.value)}
              error={attempted || language ? problems.language : null}
            />
          </SimpleGrid>
          <Stack gap="xs">
            {flagLabels.map((flag) => (
              <Checkbox
                key={flag.name}
                label={flag.label}
                description={flag.description}
                checked={flags[flag.name]}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setFlags((current) => ({ ...current, [flag.name]: checked }));
                }}
              />
            ))}
          </Stack>
          <Text size="sm" c="dimmed">
            {behaviourHint(flags)}
          </Text>
          <ErrorAlert error={save.error} title={user ? 'Not saved' : 'Not added'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {user ? 'Save' : 'Add the user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
