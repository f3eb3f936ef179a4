import { Alert, Stack, Switch, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Channel } from '../channels/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { setKeyPermission, type KeyPermission as PermissionState } from './api';
import { keyRefusalAdvice } from './words';

interface KeyPermissionProps {
  clientId: string;
  channel: Channel;
  /** canChange: the user is a client admin. */
  canChange: boolean;
  /** partnerPayment: the server said the number is on partner payment, where the permission cannot change. */
  partnerPayment: boolean;
  /** onRefused hears every refusal, so the card learns about partner payment. */
  onRefused: (error: unknown) => void;
  onChanged: (channel: Channel) => void;
}

/**
 * KeyPermission is the portal's switch for the partner's API key permission on a number. A
 * client admin shares it (the partner may generate the number's keys) or withdraws it, which
 * revokes at once every key the partner generated; both ask first. Client members read it.
 */
export function KeyPermission({ clientId, channel, canChange, partnerPayment, onRefused, onChanged }: KeyPermissionProps) {
  const channelId = channel.id ?? '';
  const phone = channel.setup_info?.phone_number || 'this number';
  const shared = channel.key_permission !== 'missing';
  const [asking, setAsking] = useState<PermissionState | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (state: PermissionState) => {
      setDone(null);
      return setKeyPermission(clientId, channelId, state);
    },
    onSuccess: (updated, state) => {
      setAsking(null);
      setDone(
        state === 'missing'
          ? 'Permission withdrawn: the keys your partner generated for this number no longer work, and your partner cannot generate new ones.'
          : 'Permission shared: your partner can now generate API keys for this number.',
      );
      onChanged(updated);
    },
    onError: onRefused,
  });
  const ask = (state: PermissionState) => {
    change.reset();
    setDone(null);
    setAsking(state);
  };

  return (
    <Stack gap="xs" data-testid="key-permission">
      {partnerPayment ? (
        <Text size="sm">This number is on partner payment: your partner always holds its API key permission and generates its keys.</Text>
      ) : (
        <>
          <Text size="sm">
            {shared
              ? 'Your partner may generate API keys for this number and use them to send and receive its messages.'
              : `Your partner may not generate API keys for this number. ${canChange ? 'You can generate the number’s key yourself.' : 'A client admin can generate the number’s key.'}`}
          </Text>
          {canChange ? (
            <Switch
              label="My partner may generate API keys for this number"
              description="Only for numbers you pay for directly; on partner payment your partner always holds this permission."
              checked={shared}
              disabled={change.isPending}
              onChange={(event) => ask(event.currentTarget.checked ? 'shared' : 'missing')}
            />
          ) : (
            <Text size="sm" c="dimmed">
              Only a client admin can share or withdraw this permission.
            </Text>
          )}
        </>
      )}
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      <ConfirmDialog
        opened={asking === 'missing'}
        title="Withdraw the key permission"
        confirmLabel="Withdraw permission"
        color="red"
        pending={change.isPending}
        error={change.error}
        onConfirm={() => change.mutate('missing')}
        onClose={() => setAsking(null)}
      >
        <p>Your partner will no longer be able to generate API keys for {phone}.</p>
        <p>
          <strong>Every API key your partner generated for this number stops working immediately.</strong> Your partner’s systems can then no longer send
          or receive this number’s messages, until you share the permission again and your partner generates a new key.
        </p>
        <p>Afterwards you can generate your own key for this number here.</p>
        {keyRefusalAdvice(change.error) && <p>{keyRefusalAdvice(change.error)}</p>}
      </ConfirmDialog>
      <ConfirmDialog
        opened={asking === 'shared'}
        title="Share the key permission"
        confirmLabel="Share permission"
        pending={change.isPending}
        error={change.error}
        onConfirm={() => change.mutate('shared')}
        onClose={() => setAsking(null)}
      >
        <p>Your partner will be able to generate API keys for {phone} and use them to send and receive its messages.</p>
        <p>A key your partner generates replaces the number’s current key, including one you generated yourself, which then stops working.</p>
        {keyRefusalAdvice(change.error) && <p>{keyRefusalAdvice(change.error)}</p>}
      </ConfirmDialog>
    </Stack>
  );
}
