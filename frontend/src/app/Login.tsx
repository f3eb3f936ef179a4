import { Button, Center, Loader, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../ui/ErrorAlert';
import { email, required } from '../ui/rules';
import { useForm } from '../ui/useForm';
import { homePath } from './roles';
import { login, useSession } from './session';

// A refused login says why in the user's terms; the server's words are for other failures.
function loginError(error: Error | null) {
  return error instanceof ApiError && error.status === 401
    ? new ApiError('The email or password is not right.', 401)
    : error;
}

/** Login is the sign-in page; a signed-in user is sent on to their area. */
export function Login() {
  const session = useSession();
  const form = useForm({ email: '', password: '' }, { email, password: required('Password') });
  const attempt = useMutation({
    mutationFn: (values: { email: string; password: string }) => login(values.email.trim(), values.password),
  });

  if (session.status === 'signed-in') return <Navigate to={homePath(session)} replace />;
  if (session.status === 'restoring') {
    return (
      <Center h="100vh">
        <Loader aria-label="Restoring session" />
      </Center>
    );
  }
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} component="form" noValidate onSubmit={form.onSubmit(attempt.mutate)}>
        <Stack>
          <div>
            <Title order={1} size="h2">
              PartnerHub
            </Title>
            <Text c="dimmed">Sign in to continue</Text>
          </div>
          <TextInput label="Email" type="email" autoComplete="username" required {...form.field('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.field('password')} />
          <ErrorAlert error={loginError(attempt.error)} title="Could not sign in" />
          <Button type="submit" loading={attempt.isPending}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
