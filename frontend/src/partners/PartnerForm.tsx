import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { storageRegions } from '../channels/api';
import { regionLabel } from '../channels/words';
import { ErrorAlert } from '../ui/ErrorAlert';
import { all, atMost, countryCode, httpUrl, optional, required, withoutFragment } from '../ui/rules';
import { humanize } from '../ui/tone';
import { useForm } from '../ui/useForm';
import { webhookUrlCheck } from '../webhooks/webhookUrl';
import { billingModels, partnerPlans, partnerStatuses, partnerTiers, setAutoApprove, type Partner, type PartnerChanges, updatePartner } from './api';

/** partnerLimits are the server's limits on a partner's fields. */
export const partnerLimits = { brand_name: 128, url: 2048, billing_system: 64 } as const;

interface PartnerFormProps {
  partner: Partner;
  /** editable: may change the partner's own settings (a partner admin, or a platform admin). */
  editable: boolean;
  /** commercial: also shows plan, tier, billing and status, editable by a platform admin only. */
  commercial: 'hidden' | 'shown' | 'editable';
  /** withWebhookUrl: shows the partner webhook URL field (the partner area has its own webhook page). */
  withWebhookUrl?: boolean;
}

const text = (value?: string | null) => value ?? '';

function valuesOf(partner: Partner) {
  return {
    brand_name: text(partner.brand_name),
    logo_url: text(partner.logo_url),
    country: text(partner.country),
    webhook_url: text(partner.webhook_url),
    partner_redirect_url: text(partner.partner_redirect_url),
    default_storage_region: text(partner.default_storage_region),
    allow_client_to_add_phone_no: partner.allow_client_to_add_phone_no ? 'yes' : 'no',
    partner_plan: text(partner.partner_plan),
    partner_tier: text(partner.partner_tier),
    billing_model: text(partner.billing_model),
    billing_system: text(partner.billing_system),
    status: text(partner.status),
  };
}

type PartnerValues = ReturnType<typeof valuesOf>;

/** partnerChanges is the PATCH body: only the fields that changed, with their API types. */
export function partnerChanges(values: PartnerValues, names: (keyof PartnerValues)[]): PartnerChanges {
  // The form's selects offer only the schema's values, so the text can be sent as it is.
  const changes: Record<string, string | boolean> = {};
  for (const name of names) {
    if (name === 'allow_client_to_add_phone_no') changes[name] = values[name] === 'yes';
    else if (name === 'country') changes[name] = values.country.trim().toUpperCase();
    else changes[name] = values[name].trim();
  }
  return changes as PartnerChanges;
}

const webhookRule = (value: string) => (value.trim() === '' ? null : webhookUrlCheck(value).problem);
const options = (values: readonly string[]) => values.map((value) => ({ value, label: humanize(value) }));

/**
 * PartnerForm edits a partner: brand, URLs, client and storage settings, and for the operator
 * the commercial fields. Only changed fields are sent. The auto-approve switch of partner
 * changes takes effect at once through its own endpoint.
 */
export function PartnerForm({ partner, editable, commercial, withWebhookUrl = true }: PartnerFormProps) {
  // The fields start afresh from each saved partner, so the word that it was saved lives here.
  const [saved, setSaved] = useState(false);
  return (
    <Stack>
      <PartnerFields
        key={JSON.stringify(valuesOf(partner))}
        partner={partner}
        editable={editable}
        commercial={commercial}
        withWebhookUrl={withWebhookUrl}
        onSaved={setSaved}
      />
      {saved && (
        <Alert color="green" role="status">
          Partner saved.
        </Alert>
      )}
      <AutoApprove partnerId={partner.id ?? ''} initial={partner.auto_approve === true} editable={editable} />
    </Stack>
  );
}

function PartnerFields({ partner, editable, commercial, withWebhookUrl, onSaved }: PartnerFormProps & { onSaved: (saved: boolean) => void }) {
  const queryClient = useQueryClient();
  const partnerId = partner.id ?? '';
  const form = useForm(valuesOf(partner), {
    brand_name: all(required('Brand name'), atMost('Brand name', partnerLimits.brand_name)),
    logo_url: optional(httpUrl('Logo URL', partnerLimits.url)),
    country: countryCode,
    webhook_url: webhookRule,
    partner_redirect_url: optional(all(httpUrl('Redirect URL', partnerLimits.url), withoutFragment('Redirect URL'))),
    billing_system: commercial === 'editable' ? all(required('Billing system'), atMost('Billing system', partnerLimits.billing_system)) : undefined,
  });
  const commercialNames = ['partner_plan', 'partner_tier', 'billing_model', 'billing_system', 'status'] as const;
  const sendable = form.changed.filter((name) => commercial === 'editable' || !(commercialNames as readonly string[]).includes(name));
  const save = useMutation({
    mutationFn: (values: PartnerValues) => {
      onSaved(false);
      return updatePartner(partnerId, partnerChanges(values, sendable));
    },
    onSuccess: (saved) => {
      onSaved(true);
      queryClient.setQueryData(['partners', partnerId, 'profile'], saved);
      return queryClient.invalidateQueries({ queryKey: ['partners'] });
    },
  });
  const readOnly = !editable;
  const commercialReadOnly = commercial !== 'editable';

  return (
      <Paper withBorder p="md" component="form" noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Title order={3} size="h4">
            Brand and addresses
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Brand name" required disabled={readOnly} {...form.field('brand_name')} />
            <TextInput label="Country" placeholder="DE" maxLength={2} disabled={readOnly} {...form.field('country')} />
            <TextInput label="Logo URL" placeholder="https://example.com/logo.png" disabled={readOnly} {...form.field('logo_url')} />
            {withWebhookUrl && (
              <TextInput
                label="Partner webhook URL"
                description="https only, no port, no underscore in the host name"
                placeholder="https://hooks.example.com/partnerhub"
                disabled={readOnly}
                {...form.field('webhook_url')}
              />
            )}
            <TextInput
              label="Redirect URL"
              description="Where clients return after onboarding"
              placeholder="https://example.com/onboarded"
              disabled={readOnly}
              {...form.field('partner_redirect_url')}
            />
            <NativeSelect
              label="Default storage region"
              disabled={readOnly}
              data={[{ value: '', label: 'Default (no local storage)' }, ...Object.keys(storageRegions).map((code) => ({ value: code, label: regionLabel(code) }))]}
              {...form.field('default_storage_region')}
            />
          </SimpleGrid>
          <Switch
            label="Clients may add phone numbers themselves"
            disabled={readOnly}
            checked={form.values.allow_client_to_add_phone_no === 'yes'}
            onChange={(event) => form.set('allow_client_to_add_phone_no', event.currentTarget.checked ? 'yes' : 'no')}
          />
          {commercial !== 'hidden' && (
            <>
              <Title order={3} size="h4">
                Plan and billing
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                <NativeSelect label="Plan" data={options(partnerPlans)} disabled={commercialReadOnly} {...form.field('partner_plan')} />
                <NativeSelect label="Tier" data={options(partnerTiers)} disabled={commercialReadOnly} {...form.field('partner_tier')} />
                <NativeSelect label="Billing model" data={options(billingModels)} disabled={commercialReadOnly} {...form.field('billing_model')} />
                <TextInput label="Billing system" disabled={commercialReadOnly} {...form.field('billing_system')} />
                <NativeSelect label="Status" data={options(partnerStatuses)} disabled={commercialReadOnly} {...form.field('status')} />
              </SimpleGrid>
            </>
          )}
          <ErrorAlert error={save.error} title="Partner not saved" />
          {editable || commercial === 'editable' ? (
            <Group>
              <Button type="submit" loading={save.isPending} disabled={sendable.length === 0}>
                Save partner
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Only an admin can change these settings.
            </Text>
          )}
        </Stack>
      </Paper>
  );
}

function AutoApprove({ partnerId, initial, editable }: { partnerId: string; initial: boolean; editable: boolean }) {
  const queryClient = useQueryClient();
  const [on, setOn] = useState(initial);
  const change = useMutation({
    mutationFn: (next: boolean) => setAutoApprove(partnerId, next),
    onSuccess: (answer, next) => {
      setOn(answer?.auto_approve ?? next);
      return queryClient.invalidateQueries({ queryKey: ['partners', partnerId, 'profile'] });
    },
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Partner changes
        </Title>
        <Switch
          label="Approve incoming partner changes automatically"
          description="Clients of other partners who move to you are accepted without review."
          checked={on}
          disabled={!editable || change.isPending}
          onChange={(event) => change.mutate(event.currentTarget.checked)}
        />
        <ErrorAlert error={change.error} title="Setting not changed" />
        {change.isSuccess && (
          <Text size="sm" c="green" role="status">
            {on ? 'Incoming partner changes are now approved automatically.' : 'Incoming partner changes now wait for your approval.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
