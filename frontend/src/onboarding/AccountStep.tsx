import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { login, refresh } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { passwordMin } from '../ui/rules';
import { useForm } from '../ui/useForm';
import { signUp, type PartnerInfo } from './api';
import type { OnboardingQuery } from './query';
import { limits, loginRules, signupRules } from './rules';
import { withWait } from './words';

interface AccountStepProps {
  partner: PartnerInfo;
  query: OnboardingQuery;
}

/**
 * AccountStep is the first step for a visitor who is not signed in: a new client signs up
 * (the link may prefill the email and name), an existing one logs in (next=login shows that
 * form first). Either way the session starts here and the wizard takes over.
 */
export function AccountStep({ partner, query }: AccountStepProps) {
  const [mode, setMode] = useState<'signup' | 'login'>(query.login ? 'login' : 'signup');
  // An email typed in one form carries over to the other.
  const [email, setEmail] = useState(query.email ?? '');
  const switchTo = (next: 'signup' | 'login', typed: string) => {
    setEmail(typed);
    setMode(next);
  };
  return mode === 'signup' ? (
    <SignupForm key="signup" partner={partner} query={query} email={email} onLogin={(typed) => switchTo('login', typed)} />
  ) : (
    <LoginForm key="login" partner={partner} email={email} onSignup={(typed) => switchTo('signup', typed)} />
  );
}

function SignupForm({ partner, query, email, onLogin }: AccountStepProps & { email: string; onLogin: (email: string) => void }) {
  const form = useForm({ email, name: query.name ?? '', organisation: '', password: '' }, signupRules);
  const payloadTooLong = (query.partner?.length ?? 0) > limits.partnerPayload;
  const attempt = useMutation({
    mutationFn: async (values: typeof form.values) => {
      await signUp(partner.partner_id ?? '', {
        email: values.email.trim(),
        name: values.name.trim(),
        organisation: values.organisation.trim(),
        password: values.password,
        ...(query.partner ? { partner_payload: query.partner } : {}),
      });
      // The sign-up answer set the session cookie; the app's session starts from it, as after a reload.
      if (!(await refresh())) throw new ApiError('Your account was created, but the session did not start. Log in with your new password.', 401);
    },
  });
  const taken = attempt.error instanceof ApiError && attempt.error.code === 'email_taken';

  return (
    <form noValidate onSubmit={form.onSubmit(attempt.mutate)} aria-labelledby="signup-title">
      <Stack>
        <div>
          <Title order={2} size="h3" id="signup-title">
            Create your account
          </Title>
          <Text size="sm" c="dimmed">
            Sign up with your own email to connect your WhatsApp numbers to {partner.brand_name}. Already have an account?{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => onLogin(form.values.email)}>
              Log in instead
            </Anchor>
          </Text>
        </div>
        <TextInput label="Email" type="email" autoComplete="email" required {...form.field('email')} />
        <TextInput label="Your name" autoComplete="name" required {...form.field('name')} />
        <TextInput
          label="Company name"
          description="Your business; it becomes the name of your account."
          autoComplete="organization"
          required
          {...form.field('organisation')}
        />
        <PasswordInput
          label="Password"
          description={`At least ${passwordMin} characters.`}
          autoComplete="new-password"
          required
          {...form.field('password')}
        />
        {payloadTooLong && (
          <Alert color="orange" role="alert" title="This link carries too much data">
            The partner value in the link is longer than {limits.partnerPayload} characters, so the sign-up will be refused. Ask{' '}
            {partner.brand_name} for a new link.
          </Alert>
        )}
        {taken ? (
          <Alert color="red" role="alert" title="You already have an account">
            <Stack gap="xs">
              <Text size="sm">An account with this email exists — log in instead.</Text>
              <Group>
                <Button size="xs" variant="light" onClick={() => onLogin(form.values.email)}>
                  Log in with this email
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <ErrorAlert error={withWait(attempt.error)} title="Could not create your account" />
        )}
        <Button type="submit" loading={attempt.isPending}>
          Create account
        </Button>
      </Stack>
    </form>
  );
}

// A refused login says why in the user's terms; the server's words are for other failures.
function loginError(error: Error | null) {
  return error instanceof ApiError && error.status === 401 ? new ApiError('The email or password is not right.', 401) : withWait(error);
}

function LoginForm({ partner, email, onSignup }: { partner: PartnerInfo; email: string; onSignup: (email: string) => void }) {
  const form = useForm({ email, password: '' }, loginRules);
  const attempt = useMutation({ mutationFn: (values: typeof form.values) => login(values.email.trim(), values.password) });
  return (
    <form noValidate onSubmit={form.onSubmit(attempt.mutate)} aria-labelledby="login-title">
      <Stack>
        <div>
          <Title order={2} size="h3" id="login-title">
            Log in
          </Title>
          <Text size="sm" c="dimmed">
            Log in to your existing account to add numbers or change which numbers {partner.brand_name} may manage. New here?{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => onSignup(form.values.email)}>
              Create an account
            </Anchor>
          </Text>
        </div>
        <TextInput label="Email" type="email" autoComplete="username" required {...form.field('email')} />
        <PasswordInput label="Password" autoComplete="current-password" required {...form.field('password')} />
        <ErrorAlert error={loginError(attempt.error)} title="Could not log in" />
        <Button type="submit" loading={attempt.isPending}>
          Log in
        </Button>
      </Stack>
    </form>
  );
}
