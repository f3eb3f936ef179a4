import { Alert, Button, Group, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { OtpDialog } from '../ui/OtpDialog';
import { useForm } from '../ui/useForm';
import { resendNumberCode, startNumber, type Method, type NumberSignup, type OnboardingState, verifyNumber } from './api';
import { onboardingKey } from './onboardingKey';
import { browserTimezone, currencies, normalPhone, numberRules } from './rules';

interface NumberStepProps {
  /** partnerId is the partner whose page this is ("" in the portal: the client's own partner). */
  partnerId: string;
  brand: string;
  state: OnboardingState;
  /** organisation prefills the business, WABA and display names. */
  organisation: string;
  /** requestedNumber is the link's number parameter, prefilled. */
  requestedNumber?: string;
  onAdded: (channelId: string) => void;
  /** onSkip, when given, lets the client go on without adding a number. */
  onSkip?: () => void;
  skipLabel?: string;
}

const NEW_WABA = 'new';

/**
 * NumberStep is the Embedded Signup step: the WABA (one of the client's, or a new one with its
 * business, name, currency and time zone), the display name, the phone number and whether the
 * code comes by SMS or voice call; then the code, with a resend cool-down. When the partner
 * does not let the client add numbers it explains why instead of showing the form.
 */
export function NumberStep({ partnerId, brand, state, organisation, requestedNumber, onAdded, onSkip, skipLabel }: NumberStepProps) {
  const wabas = state.wabas ?? [];
  const hasNumbers = (state.channels ?? []).length > 0;
  const firstWithRoom = wabas.find((waba) => (waba.number_count ?? 0) < (waba.effective_limit ?? Infinity));
  const form = useForm(
    {
      waba: firstWithRoom?.id ?? NEW_WABA,
      businessName: '',
      wabaName: organisation,
      currency: 'USD',
      timezone: browserTimezone(),
      displayName: organisation,
      phone: requestedNumber ?? '',
      method: 'sms',
    },
    {
      businessName: (value, values) => (values.waba === NEW_WABA ? numberRules.businessName(value) : null),
      wabaName: (value, values) => (values.waba === NEW_WABA ? numberRules.wabaName(value) : null),
      timezone: (value, values) => (values.waba === NEW_WABA ? numberRules.timezone(value) : null),
      displayName: numberRules.displayName,
      phone: numberRules.phone,
    },
  );
  // A radio group takes the value and a change handler, nothing a select needs besides.
  const radio = (name: 'waba' | 'method') => ({ value: form.values[name], onChange: (value: string) => form.set(name, value) });
  const [challenge, setChallenge] = useState<NumberSignup | null>(null);
  const [closedCode, setClosedCode] = useState(false);
  const added = useRef<string | null>(null);
  const queryClient = useQueryClient();
  const clientId = state.client_id ?? '';

  const start = useMutation({
    mutationFn: (values: typeof form.values) =>
      startNumber(clientId, {
        ...(partnerId ? { partner_id: partnerId } : {}),
        ...(values.waba === NEW_WABA
          ? {
              new_waba: { name: values.wabaName.trim(), currency: values.currency, timezone: values.timezone.trim() },
              ...(values.businessName.trim() ? { business_name: values.businessName.trim() } : {}),
            }
          : { waba_id: values.waba }),
        display_name: values.displayName.trim(),
        phone_number: normalPhone(values.phone),
        method: values.method as Method,
      }),
    onMutate: () => setClosedCode(false),
    onSuccess: setChallenge,
  });

  if (!state.can_add_numbers) {
    return (
      <Stack>
        <Title order={2} size="h3">
          Add a phone number
        </Title>
        <Alert color="orange" title="You cannot add a number here" role="alert">
          {state.reason_cannot_add || `${brand} does not let you add numbers here.`}
        </Alert>
        {onSkip && (
          <Group>
            <Button onClick={onSkip}>{hasNumbers ? 'Continue with my numbers' : 'Continue without a number'}</Button>
          </Group>
        )}
      </Stack>
    );
  }

  const phone = challenge?.phone_number ?? normalPhone(form.values.phone);
  // The code dialog is outside the form: a submit inside it must not reach the form's handler.
  return (
    <>
      <form noValidate onSubmit={form.onSubmit(start.mutate)} aria-labelledby="number-title">
        <Stack>
          <div>
            <Title order={2} size="h3" id="number-title">
              Add a phone number
            </Title>
            <Text size="sm" c="dimmed">
              Register a number for the WhatsApp Business API. We send a 6-digit code to it, so use a number that can receive an SMS or a
              call right now and is not in use with WhatsApp.
            </Text>
          </div>
          {onSkip && hasNumbers && (
            <Alert color="blue" title="Only want to change what you share?">
              <Stack gap="xs">
                <Text size="sm">You already have numbers. Skip this step to choose which of them {brand} may manage.</Text>
                <Group>
                  <Button variant="light" size="xs" onClick={onSkip}>
                    {skipLabel ?? 'Skip, choose what to share'}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          <Radio.Group label="WhatsApp Business Account (WABA)" {...radio('waba')}>
            <Stack gap="xs" mt="xs">
              {wabas.map((waba) => {
                const full = (waba.number_count ?? 0) >= (waba.effective_limit ?? Infinity);
                return (
                  <Radio
                    key={waba.id}
                    value={waba.id ?? ''}
                    disabled={full}
                    label={waba.name || waba.id}
                    description={`${waba.number_count ?? 0} of ${waba.effective_limit ?? '—'} numbers${full ? ' — full' : ''}`}
                  />
                );
              })}
              <Radio value={NEW_WABA} label="Create a new WABA" />
            </Stack>
          </Radio.Group>
          {form.values.waba === NEW_WABA && (
            <>
              <TextInput
                label="Business name"
                description={`The Meta business that owns the new WABA. Leave empty to use ${organisation || 'your company name'}.`}
                placeholder={organisation}
                {...form.field('businessName')}
              />
              <TextInput label="WABA name" required {...form.field('wabaName')} />
              <Group grow align="flex-start">
                <Select label="Currency" data={[...currencies]} {...form.choice('currency')} />
                <TextInput label="Time zone" description="e.g. Europe/Berlin" required {...form.field('timezone')} />
              </Group>
            </>
          )}
          <TextInput
            label="Display name"
            description="The name your customers see in WhatsApp."
            required
            {...form.field('displayName')}
          />
          <TextInput
            label="Phone number"
            description="International format with the country code, e.g. +49 151 12345678."
            type="tel"
            autoComplete="tel"
            required
            {...form.field('phone')}
          />
          <Radio.Group label="Send the code by" {...radio('method')}>
            <Group mt="xs">
              <Radio value="sms" label="Text message (SMS)" />
              <Radio value="voice" label="Voice call" />
            </Group>
          </Radio.Group>
          <ErrorAlert error={start.error} title="No code was sent" />
          {closedCode && (
            <Alert color="blue" role="status">
              The number was not added. Send a code again when you are ready.
            </Alert>
          )}
          <Button type="submit" loading={start.isPending}>
            Send code
          </Button>
        </Stack>
      </form>
      <OtpDialog
        challenge={challenge}
        phoneNumber={phone}
        purpose="Registering this number"
        verify={async (id, code) => {
          const answer = await verifyNumber(clientId, id, code);
          added.current = answer.channel?.id ?? null;
          return answer;
        }}
        resend={async (id, method) => ({ otp: await resendNumberCode(clientId, id, method) })}
        onVerified={() => {
          setChallenge(null);
          const channelId = added.current ?? '';
          // The permission step lists the client's numbers: load them, with the new one, first.
          void queryClient.invalidateQueries({ queryKey: onboardingKey(clientId, partnerId) }).then(() => onAdded(channelId));
        }}
        onClose={() => {
          setChallenge(null);
          setClosedCode(true);
        }}
      />
    </>
  );
}
