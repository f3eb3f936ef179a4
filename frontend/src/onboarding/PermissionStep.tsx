import { Alert, Anchor, Button, Checkbox, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { channelStatusTone } from '../channels/words';
import { ErrorAlert } from '../ui/ErrorAlert';
import { sharePermissions, type OnboardingState, type PartnerInfo } from './api';
import type { OnboardingQuery } from './query';
import { browser } from './redirect';

interface PermissionStepProps {
  partner: PartnerInfo;
  state: OnboardingState;
  query: OnboardingQuery;
  /** added are the numbers added in this visit; they start selected. */
  added: string[];
  /** onAddNumber, when given, goes back to the number step for another number. */
  onAddNumber?: () => void;
}

/**
 * PermissionStep lets the client choose which numbers the partner may manage, then sends it back
 * to the partner with the server's redirect address. Numbers already shared, added in this visit
 * or asked for by the link start selected; numbers on partner payment are always shared and shown
 * without a choice. Unselecting a shared number warns that the partner's keys for it stop working.
 */
export function PermissionStep({ partner, state, query, added, onAddNumber }: PermissionStepProps) {
  const brand = partner.brand_name ?? 'The partner';
  const channels = state.channels ?? [];
  const [selected, setSelected] = useState<Set<string>>(
    () =>
      new Set(
        channels
          .filter(
            (channel) =>
              channel.permission_fixed ||
              channel.key_permission === 'shared' ||
              added.includes(channel.id ?? '') ||
              (query.number !== undefined && channel.phone_number === query.number),
          )
          .map((channel) => channel.id ?? ''),
      ),
  );
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const withdrawn = channels.filter((channel) => !channel.permission_fixed && channel.key_permission === 'shared' && !selected.has(channel.id ?? ''));

  const save = useMutation({
    mutationFn: () =>
      sharePermissions(state.client_id ?? '', {
        partner_id: partner.partner_id,
        channel_ids: channels.map((channel) => channel.id ?? '').filter((id) => selected.has(id)),
        ...(query.redirectUrl ? { redirect_url: query.redirectUrl } : {}),
        ...(query.state ? { state: query.state } : {}),
      }),
    onSuccess: (result) => {
      if (result.redirect_to) browser.assign(result.redirect_to);
    },
  });

  if (save.isSuccess) {
    return (
      <Alert color="teal" title="Partner application authorised!" role="status">
        <Stack gap="xs">
          <Text size="sm">Taking you back to {brand}…</Text>
          {save.data.redirect_to && (
            <Anchor href={save.data.redirect_to} size="sm">
              Continue to {brand}
            </Anchor>
          )}
        </Stack>
      </Alert>
    );
  }

  return (
    <Stack>
      <div>
        <Title order={2} size="h3">
          Choose the numbers {brand} may manage
        </Title>
        <Text size="sm" c="dimmed">
          {brand} can generate API keys and send messages only for the numbers you select. You can change this later.
        </Text>
      </div>
      {channels.length === 0 ? (
        <Text size="sm">You have no numbers yet. You can still go back to {brand} and add a number later.</Text>
      ) : (
        <Stack gap="sm" role="group" aria-label="Numbers">
          {channels.map((channel) => {
            const id = channel.id ?? '';
            const status = channelStatusTone(channel.status).label;
            return (
              <Checkbox
                key={id}
                checked={channel.permission_fixed || selected.has(id)}
                disabled={channel.permission_fixed}
                onChange={(event) => toggle(id, event.currentTarget.checked)}
                label={`${channel.phone_number}${channel.display_name ? ` · ${channel.display_name}` : ''}`}
                description={
                  channel.permission_fixed
                    ? `Always managed by ${brand}: ${brand} pays for this number (partner payment). Status: ${status}.`
                    : `${added.includes(id) ? 'Added just now. ' : ''}Status: ${status}.`
                }
              />
            );
          })}
        </Stack>
      )}
      {withdrawn.length > 0 && (
        <Alert color="orange" title={`${brand} will lose access`} role="alert">
          <Text size="sm">
            You are withdrawing {brand}'s permission for these numbers. The API keys {brand} generated for them stop working at once:
          </Text>
          <List size="sm" mt="xs">
            {withdrawn.map((channel) => (
              <List.Item key={channel.id}>{channel.phone_number}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <ErrorAlert error={save.error} title="Your selection was not saved" />
      <Group justify="space-between" wrap="wrap">
        {onAddNumber ? (
          <Button variant="default" onClick={onAddNumber}>
            Add another number
          </Button>
        ) : (
          <span />
        )}
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Save selection
        </Button>
      </Group>
    </Stack>
  );
}
