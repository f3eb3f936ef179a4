import { Alert, Button, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert';
import { newPassword, passwordMax, passwordMin, required } from '../ui/rules';
import { useForm } from '../ui/useForm';
import { areaOf } from './roles';
import { changePassword, useSignedIn } from './session';

/** ChangePassword sets a new password; it is the only screen open while one is required. */
export function ChangePassword() {
  const { user, mustChangePassword } = useSignedIn();
  const navigate = useNavigate();
  const form = useForm(
    { current: '', next: '', confirm: '' },
    {
      current: required('Current password'),
      next: newPassword,
      confirm: (value, values) => (value === values.next ? null : 'The two new passwords differ.'),
    },
  );
  const change = useMutation({
    // Answers whether the change was the required one; by onSuccess the session no longer says so.
    mutationFn: (values: { current: string; next: string }) =>
      changePassword(values.current, values.next).then(() => mustChangePassword),
    onSuccess: (wasRequired) => (wasRequired ? navigate(`/${areaOf(user.role)}`) : form.reset()),
  });

  return (
    <Stack maw={480}>
      <Title order={2}>Change password</Title>
      {mustChangePassword && (
        <Alert color="yellow" title="A new password is required">
          Choose a new password before you continue.
        </Alert>
      )}
      {change.isSuccess && <Alert color="green">Your password has been changed.</Alert>}
      <Paper withBorder p="lg" component="form" noValidate onSubmit={form.onSubmit(change.mutate)}>
        <Stack>
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.field('current')} />
          <PasswordInput
            label="New password"
            description={`${passwordMin} to ${passwordMax} characters`}
            autoComplete="new-password"
            required
            {...form.field('next')}
          />
          <PasswordInput label="Repeat new password" autoComplete="new-password" required {...form.field('confirm')} />
          <ErrorAlert error={change.error} title="Password not changed" />
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
