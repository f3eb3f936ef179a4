import { Alert, Button, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { canManagePartnerUsers, roleLabel } from '../app/roles';
import { useSignedIn } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDate, PagedTable, pageSize, type Column } from '../ui/PagedTable';
import { atMost, email, newPassword, passwordMax, passwordMin } from '../ui/rules';
import { useForm } from '../ui/useForm';
import { addPartnerUser, listPartnerUsers, type NewPartnerUser, type PartnerUser } from './api';

const roles: NonNullable<NewPartnerUser['role']>[] = ['partner_member', 'partner_admin'];

const columns: Column<PartnerUser>[] = [
  { header: 'Name', cell: (member) => member.name },
  { header: 'Email', cell: (member) => member.email },
  { header: 'Role', cell: (member) => roleLabel(member.role) },
  { header: 'Added', cell: (member) => formatDate(member.created_at) },
];

/** PartnerUsers lists the people of the user's partner; a partner admin can add more. */
export function PartnerUsers() {
  const { user } = useSignedIn();
  const partnerId = user.partner_id ?? '';
  const [page, setPage] = useState(1);
  const users = useQuery({
    queryKey: ['partners', partnerId, 'users', page],
    queryFn: () => listPartnerUsers(partnerId, { limit: pageSize, offset: (page - 1) * pageSize }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Title order={2}>Users</Title>
      {canManagePartnerUsers(user.role) && <AddPartnerUser partnerId={partnerId} />}
      <ErrorAlert error={users.error} title="Could not load users" />
      {users.data && (
        <PagedTable
          caption="Users"
          columns={columns}
          rows={users.data.users ?? []}
          total={users.data.total ?? 0}
          page={page}
          onPage={setPage}
        />
      )}
    </Stack>
  );
}

function AddPartnerUser({ partnerId }: { partnerId: string }) {
  const queryClient = useQueryClient();
  const form = useForm(
    { name: '', email: '', role: 'partner_member', password: '' },
    { name: atMost('Name', 128), email, password: newPassword },
  );
  const add = useMutation({
    mutationFn: (values: typeof form.values) => addPartnerUser(partnerId, { ...values, email: values.email.trim() } as NewPartnerUser),
    onSuccess: () => {
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'users'] });
    },
  });

  return (
    <Paper withBorder p="md" component="form" noValidate onSubmit={form.onSubmit(add.mutate)}>
      <Stack>
        <Title order={3} size="h4">
          Add a user
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" {...form.field('name')} />
          <TextInput label="Email" type="email" required {...form.field('email')} />
          <Select label="Role" data={roles.map((role) => ({ value: role, label: roleLabel(role) }))} {...form.choice('role')} />
          <PasswordInput
            label="First password"
            description={`${passwordMin} to ${passwordMax} characters`}
            autoComplete="new-password"
            required
            {...form.field('password')}
          />
        </SimpleGrid>
        <ErrorAlert error={add.error} title="User not added" />
        {add.isSuccess && <Alert color="green">{add.data.email} can now sign in.</Alert>}
        <Group>
          <Button type="submit" loading={add.isPending}>
            Add user
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
