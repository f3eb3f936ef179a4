import {
  Alert,
  Button,
  Checkbox,
  CloseButton,
  Grid,
  Group,
  List,
  Modal,
  NativeSelect,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../ui/ErrorAlert';
import { characters } from '../ui/rules';
import { untilWords } from '../ui/time';
import { createTemplate, editTemplate, type TemplateOwner, type WabaTemplate } from './api';
import {
  bodyParameters,
  buttonKinds,
  codeExpiryProblem,
  headerHasParameter,
  headerKinds,
  newButton,
  otpTypes,
  setBody,
  toComponents,
  toTemplate,
  urlHasParameter,
  type ButtonKind,
  type Draft,
  type DraftButton,
} from './draft';
import { Preview } from './Preview';
import {
  categories,
  checkTemplate,
  languages,
  maxBody,
  maxButtonText,
  maxCodeExpiry,
  maxFooter,
  maxHeaderText,
  maxName,
  maxPhoneButtons,
  maxQuickReplies,
  maxQuickReplyText,
  maxUrlButtons,
  minCodeExpiry,
  type Category,
  type Template,
} from './rules';
import {
  buttonTypeLabel,
  categoryHint,
  categoryLabel,
  explained,
  headerFormatLabel,
  languageOption,
  otpTypeLabel,
  placeProblem,
  type PlacedProblem,
  type ProblemPlace,
} from './words';

/** BuilderMode says what the builder does: create a template (from scratch, or another language of one), or edit one. */
export type BuilderMode =
  | { kind: 'create'; start: Draft; /** sameName keeps the name: another language of an existing template. */ sameName?: boolean }
  | { kind: 'edit'; template: WabaTemplate; start: Draft };

interface BuilderProps {
  mode: BuilderMode | null;
  owner: TemplateOwner;
  wabaId: string;
  onClose: () => void;
  onSaved: (template: WabaTemplate, mode: BuilderMode) => void;
}

/** TemplateBuilder is the builder in a dialog: open while mode is set. */
export function TemplateBuilder({ mode, owner, wabaId, onClose, onSaved }: BuilderProps) {
  const phone = useMediaQuery('(max-width: 48em)');
  const title =
    mode?.kind === 'edit' ? `Edit ${mode.template.name}` : mode?.sameName ? `Add a language to ${mode.start.name}` : 'New template';
  return (
    <Modal opened={mode !== null} onClose={onClose} title={title} size="min(1200px, 96vw)" fullScreen={phone}>
      {mode && <BuilderForm key={mode.kind === 'edit' ? mode.template.id : `new-${mode.start.name}`} mode={mode} owner={owner} wabaId={wabaId} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

const addButtonLabels: Record<ButtonKind, string> = { QUICK_REPLY: 'Add a quick reply', URL: 'Add a website button', PHONE_NUMBER: 'Add a phone button' };

type Section = 'name' | 'language' | 'category' | 'header' | 'body' | 'footer' | 'buttons' | 'authentication' | 'samples';

// A sample field appears as a parameter is typed: its problem waits until the person fills a sample or submits.
const isSample = (problem: PlacedProblem) => partOf(problem.place).startsWith('example');

/** partOf is the part of a component a problem is about ("text", "example.body_text", …), '' for the whole. */
const partOf = (place: ProblemPlace) => ('part' in place ? place.part : '');

const isIn = (place: ProblemPlace, section: string, part?: string) => place.section === section && (part === undefined || partOf(place) === part);

/** besides are the problems not about one of the parts a section shows at its fields. */
const besides = (problems: PlacedProblem[], parts: string[]) => problems.filter((problem) => !parts.includes(partOf(problem.place)));

function Problems({ problems }: { problems: PlacedProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <Stack gap={2}>
      {problems.map((problem) => (
        <Text key={problem.line} size="sm" c="red">
          {problem.words}
        </Text>
      ))}
    </Stack>
  );
}

const joined = (problems: PlacedProblem[]): ReactNode => (problems.length === 0 ? null : problems.map((problem) => problem.words).join(' · '));

const count = (value: string, max: number) => `${characters(value)} / ${max} characters`;

/** BuilderForm is the builder: the form, the problems the server would find in words, and the live preview. */
export function BuilderForm({ mode, owner, wabaId, onClose, onSaved }: BuilderProps & { mode: BuilderMode }) {
  const [draft, setDraft] = useState<Draft>(mode.start);
  const [touched, setTouched] = useState<Set<Section>>(new Set());
  const [attempted, setAttempted] = useState(false);
  // What the server found in the template last sent, until the form changes.
  const [serverProblems, setServerProblems] = useState<PlacedProblem[]>([]);
  const editing = mode.kind === 'edit';
  const approved = editing && mode.template.status === 'approved';
  const now = Date.now();
  const nextEdit = editing && mode.template.next_edit_at && Date.parse(mode.template.next_edit_at) > now ? mode.template.next_edit_at : null;
  const auth = draft.category === 'AUTHENTICATION';

  const change = (section: Section, next: Partial<Draft> | ((current: Draft) => Draft)) => {
    setDraft((current) => (typeof next === 'function' ? next(current) : { ...current, ...next }));
    setTouched((current) => (current.has(section) ? current : new Set(current).add(section)));
    setServerProblems([]);
  };

  const template = toTemplate(draft);
  const expiryProblem = auth ? codeExpiryProblem(draft.codeExpiry) : null;
  const local: PlacedProblem[] = [
    ...checkTemplate(template).map((line) => placeProblem(line, template)),
    ...(expiryProblem ? [{ place: { section: 'authentication', part: 'code_expiration_minutes' } as ProblemPlace, words: expiryProblem, line: expiryProblem }] : []),
  ];
  const all = serverProblems.length > 0 ? serverProblems : local;
  const shown = (section: Section) => attempted || touched.has(section) || serverProblems.length > 0;
  const visible = (problem: PlacedProblem) => !isSample(problem) || shown('samples');
  const at = (section: Section, part?: string) => (shown(section) ? all.filter((problem) => isIn(problem.place, section, part) && visible(problem)) : []);
  const atButton = (index: number, part?: string) =>
    shown('buttons')
      ? all.filter((problem) => problem.place.section === 'button' && problem.place.index === index && (part === undefined || problem.place.part === part) && visible(problem))
      : [];

  const save = useMutation({
    mutationFn: (sent: Template) =>
      explained(
        mode.kind === 'edit'
          ? editTemplate(owner, wabaId, mode.template.id ?? '', {
              components: sent.components,
              ...(sent.category !== mode.template.category && { category: sent.category as Category }),
            })
          : createTemplate(owner, wabaId, { ...sent, category: sent.category as Category }),
      ),
    onSuccess: (saved) => onSaved(saved, mode),
    onError: (error, sent) => {
      if (error instanceof ApiError && error.code === 'template_invalid') setServerProblems(error.details.map((line) => placeProblem(line, sent)));
    },
  });

  const submit = () => {
    setAttempted(true);
    if (local.length > 0 || nextEdit) return;
    save.mutate(template);
  };

  const buttonCount = (type: ButtonKind) => draft.buttons.filter((button) => button.type === type).length;
  const buttonLimit: Record<ButtonKind, number> = { QUICK_REPLY: maxQuickReplies, URL: maxUrlButtons, PHONE_NUMBER: maxPhoneButtons };
  const setButton = (index: number, changes: Partial<DraftButton>) =>
    change('urlSample' in changes ? 'samples' : 'buttons', (current) => ({
      ...current,
      buttons: current.buttons.map((button, i) => (i === index ? { ...button, ...changes } : button)),
    }));
  const samples = bodyParameters(draft.body);
  const otherProblems = attempted ? all.filter((problem) => problem.place.section === 'template') : [];
  const invalidFromServer = save.error instanceof ApiError && save.error.code === 'template_invalid';

  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <form
          noValidate
          aria-label="Template"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack>
            <TextInput
              label="Name"
              description={`Lowercase letters, digits and underscores, e.g. order_update · ${count(draft.name, maxName)}`}
              value={draft.name}
              disabled={editing || (mode.kind === 'create' && mode.sameName === true)}
              onChange={(event) => change('name', { name: event.currentTarget.value })}
              error={joined(at('name'))}
              required
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label="Language"
                value={draft.language}
                disabled={editing}
                onChange={(event) => change('language', { language: event.currentTarget.value })}
                data={[{ value: '', label: 'Choose a language' }, ...[...languages].map(languageOption).sort((a, b) => a.label.localeCompare(b.label))]}
                error={joined(at('language'))}
                required
              />
              <NativeSelect
                label="Category"
                value={draft.category}
                disabled={approved}
                description={approved ? 'The category of an approved template cannot change.' : categoryHint(draft.category)}
                onChange={(event) => change('category', { category: event.currentTarget.value as Draft['category'] })}
                data={[{ value: '', label: 'Choose a category' }, ...categories.map((category) => ({ value: category, label: categoryLabel(category) }))]}
                error={joined(at('category'))}
                required
              />
            </SimpleGrid>

            {auth ? (
              <AuthenticationFields draft={draft} change={(next) => change('authentication', next)} problems={(part) => at('authentication', part)} />
            ) : (
              <>
                <Paper withBorder p="sm">
                  <Stack gap="xs">
                    <Text fw={600} size="sm" id="header-label">
                      Header (optional)
                    </Text>
                    <SegmentedControl
                      fullWidth
                      size="xs"
                      aria-labelledby="header-label"
                      value={draft.header}
                      onChange={(value) => change('header', { header: value as Draft['header'] })}
                      data={headerKinds.map((kind) => ({ value: kind, label: headerFormatLabel(kind) }))}
                    />
                    {draft.header === 'TEXT' && (
                      <>
                        <TextInput
                          label="Header text"
                          description={`At most one parameter, {{1}} · ${count(draft.headerText, maxHeaderText)}`}
                          value={draft.headerText}
                          onChange={(event) => change('header', { headerText: event.currentTarget.value })}
                          error={joined(at('header', 'text'))}
                        />
                        {headerHasParameter(draft) && (
                          <TextInput
                            label="Sample for the header's {{1}}"
                            description="Meta's reviewers read the header with this value."
                            value={draft.headerSample}
                            onChange={(event) => change('samples', { headerSample: event.currentTarget.value })}
                            error={joined(at('header', 'example.header_text'))}
                          />
                        )}
                      </>
                    )}
                    {draft.header !== 'NONE' && draft.header !== 'TEXT' && (
                      <TextInput
                        label={`Sample ${headerFormatLabel(draft.header).toLowerCase()} (https address)`}
                        description="An example of what the message will carry, at most 20 MB, for Meta's review."
                        placeholder="https://cdn.example.com/sample.jpg"
                        value={draft.headerMedia}
                        onChange={(event) => change('header', { headerMedia: event.currentTarget.value })}
                        error={joined(at('header', 'example.header_handle'))}
                      />
                    )}
                    <Problems problems={besides(at('header'), ['text', ...(headerHasParameter(draft) ? ['example.header_text'] : []), 'example.header_handle'])} />
                  </Stack>
                </Paper>

                <Paper withBorder p="sm">
                  <Stack gap="xs">
                    <Textarea
                      label="Body"
                      description={`Parameters {{1}}, {{2}}, … in order, with words around them. *bold* _italic_ ~strike~ \`\`\`monospace\`\`\` · ${count(draft.body, maxBody)}`}
                      value={draft.body}
                      autosize
                      minRows={4}
                      onChange={(event) => {
                        const body = event.currentTarget.value;
                        change('body', (current) => setBody(current, body));
                      }}
                      error={joined(at('body', 'text'))}
                      required
                    />
                    {samples > 0 && (
                      <Stack gap={4}>
                        <Text size="sm" fw={500}>
                          Sample values for Meta&apos;s review
                        </Text>
                        <Group grow align="flex-start" wrap="wrap">
                          {Array.from({ length: samples }, (_, i) => (
                            <TextInput
                              key={i}
                              label={`Sample for {{${i + 1}}}`}
                              miw={140}
                              value={draft.bodySamples[i] ?? ''}
                              onChange={(event) => {
                                const value = event.currentTarget.value;
                                change('samples', (current) => ({ ...current, bodySamples: current.bodySamples.map((sample, j) => (j === i ? value : sample)) }));
                              }}
                            />
                          ))}
                        </Group>
                        <Problems problems={at('body', 'example.body_text')} />
                      </Stack>
                    )}
                    <Problems problems={besides(at('body'), samples > 0 ? ['text', 'example.body_text'] : ['text'])} />
                  </Stack>
                </Paper>

                <TextInput
                  label="Footer (optional)"
                  description={`No parameters · ${count(draft.footer, maxFooter)}`}
                  value={draft.footer}
                  onChange={(event) => change('footer', { footer: event.currentTarget.value })}
                  error={joined(at('footer'))}
                />

                <Paper withBorder p="sm">
                  <Stack gap="xs">
                    <Text fw={600} size="sm">
                      Buttons (optional)
                    </Text>
                    {draft.buttons.map((button, index) => (
                      <ButtonFields
                        key={index}
                        index={index}
                        button={button}
                        set={(changes) => setButton(index, changes)}
                        problems={(part) => atButton(index, part)}
                        onRemove={() => change('buttons', (current) => ({ ...current, buttons: current.buttons.filter((_, i) => i !== index) }))}
                      />
                    ))}
                    <Group gap="xs">
                      {buttonKinds.map((kind) => (
                        <Button
                          key={kind}
                          variant="light"
                          size="xs"
                          disabled={buttonCount(kind) >= buttonLimit[kind]}
                          onClick={() => change('buttons', (current) => ({ ...current, buttons: [...current.buttons, newButton(kind)] }))}
                        >
                          {addButtonLabels[kind]}
                        </Button>
                      ))}
                    </Group>
                    <Text size="xs" c="dimmed">
                      Up to {maxQuickReplies} quick replies, {maxUrlButtons} website and {maxPhoneButtons} phone button.
                    </Text>
                    <Problems problems={at('buttons')} />
                  </Stack>
                </Paper>
              </>
            )}

            {nextEdit && (
              <Alert color="yellow" title="Edited recently">
                An approved template may be edited once in 24 hours and ten times in 30 days. The next edit is possible on {untilWords(nextEdit, now)}.
              </Alert>
            )}
            {attempted && local.length > 0 && serverProblems.length === 0 && (
              <Alert color="red" title="Not sent: WhatsApp would refuse this template" role="alert">
                <List size="sm">
                  {local.map((problem) => (
                    <List.Item key={problem.line}>{problem.words}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {invalidFromServer ? (
              <Alert color="red" title="The server refused the template" role="alert">
                {(save.error as ApiError).message}
                <List size="sm" mt="xs">
                  {serverProblems.map((problem) => (
                    <List.Item key={problem.line}>{problem.words}</List.Item>
                  ))}
                </List>
              </Alert>
            ) : (
              <ErrorAlert error={save.error} title={editing ? 'Template not saved' : 'Template not submitted'} />
            )}
            <Problems problems={otherProblems} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={nextEdit !== null}>
                {editing ? 'Save and resubmit' : 'Submit for review'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="xs" pos="sticky" top={0}>
          <Title order={3} size="h5">
            Preview
          </Title>
          <Preview components={toComponents(draft)} category={draft.category} />
          <Text size="xs" c="dimmed">
            How the customer sees the message, with the sample values filled in. Review takes a few minutes up to a day.
          </Text>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function ButtonFields({
  index,
  button,
  set,
  onRemove,
  problems,
}: {
  index: number;
  button: DraftButton;
  set: (changes: Partial<DraftButton>) => void;
  onRemove: () => void;
  problems: (part?: string) => PlacedProblem[];
}) {
  const max = button.type === 'QUICK_REPLY' ? maxQuickReplyText : maxButtonText;
  const n = index + 1;
  return (
    <Paper withBorder p="xs" bg="var(--mantine-color-default-hover)">
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Button {n} · {buttonTypeLabel(button.type)}
          </Text>
          <CloseButton aria-label={`Remove button ${n}`} onClick={onRemove} />
        </Group>
        <TextInput
          label={`Button ${n} text`}
          description={count(button.text, max)}
          value={button.text}
          onChange={(event) => set({ text: event.currentTarget.value })}
          error={joined(problems('text'))}
        />
        {button.type === 'URL' && (
          <>
            <TextInput
              label={`Button ${n} URL`}
              description="https only; may end in one parameter, {{1}}, e.g. https://shop.example/orders/{{1}}"
              value={button.url}
              onChange={(event) => set({ url: event.currentTarget.value })}
              error={joined(problems('url'))}
            />
            {urlHasParameter(button.url) && (
              <TextInput
                label={`Sample for the URL's {{1}}`}
                description="The value, e.g. 12345, or a whole sample address."
                value={button.urlSample}
                onChange={(event) => set({ urlSample: event.currentTarget.value })}
                error={joined(problems('example'))}
              />
            )}
          </>
        )}
        {button.type === 'PHONE_NUMBER' && (
          <TextInput
            label={`Button ${n} phone number`}
            description="In international format, e.g. +4930123456"
            value={button.phone}
            onChange={(event) => set({ phone: event.currentTarget.value })}
            error={joined(problems('phone_number'))}
          />
        )}
        <Problems problems={besides(problems(), ['text', 'url', ...(urlHasParameter(button.url) ? ['example'] : []), ...(button.type === 'PHONE_NUMBER' ? ['phone_number'] : [])])} />
      </Stack>
    </Paper>
  );
}

function AuthenticationFields({
  draft,
  change,
  problems,
}: {
  draft: Draft;
  change: (next: Partial<Draft>) => void;
  problems: (part?: string) => PlacedProblem[];
}) {
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Text size="sm">WhatsApp writes the text of an authentication template itself: “123456 is your verification code.” You choose what it adds and the button.</Text>
        <Checkbox
          label="Add “For your security, do not share this code.”"
          checked={draft.securityRecommendation}
          onChange={(event) => change({ securityRecommendation: event.currentTarget.checked })}
        />
        <TextInput
          label="Code expires after (minutes)"
          description={`From ${minCodeExpiry} to ${maxCodeExpiry}; leave empty to say nothing about expiry.`}
          inputMode="numeric"
          value={draft.codeExpiry}
          onChange={(event) => change({ codeExpiry: event.currentTarget.value })}
          error={joined(problems('code_expiration_minutes'))}
        />
        <Text fw={600} size="sm" id="otp-label">
          Code button
        </Text>
        <SegmentedControl
          aria-labelledby="otp-label"
          value={draft.otpType}
          onChange={(value) => change({ otpType: value as Draft['otpType'] })}
          data={otpTypes.map((type) => ({ value: type, label: otpTypeLabel(type) }))}
        />
        <TextInput label="Button text" description={count(draft.otpText, maxButtonText)} value={draft.otpText} onChange={(event) => change({ otpText: event.currentTarget.value })} />
        {draft.otpType === 'ONE_TAP' && (
          <Group grow align="flex-start">
            <TextInput label="Android package name" placeholder="com.example.app" value={draft.packageName} onChange={(event) => change({ packageName: event.currentTarget.value })} />
            <TextInput label="App signature hash" placeholder="K8a/AINcGX7" value={draft.signatureHash} onChange={(event) => change({ signatureHash: event.currentTarget.value })} />
          </Group>
        )}
        <Problems problems={besides(problems(), ['code_expiration_minutes'])} />
      </Stack>
    </Paper>
  );
}
