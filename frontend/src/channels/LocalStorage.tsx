import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { OtpDialog, type OtpChallenge } from '../ui/OtpDialog';
import {
  disableLocalStorage,
  enableLocalStorage,
  resendLocalStorageCode,
  storageRegions,
  type Channel,
  type ChannelOwner,
  type OtpMethod,
  type StorageRegion,
  verifyLocalStorage,
} from './api';
import { regionLabel } from './words';

interface LocalStorageProps {
  owner: ChannelOwner;
  channel: Channel;
  editable: boolean;
  /** onChanged reloads the channel after its storage changed. */
  onChanged: () => void;
}

const regionOptions = Object.keys(storageRegions).map((code) => ({ value: code, label: regionLabel(code) }));

/**
 * LocalStorage shows where the channel's messages are stored and switches local storage on or
 * off. On a running number the switch waits for a code sent to the number (OtpDialog).
 */
export function LocalStorage({ owner, channel, editable, onChanged }: LocalStorageProps) {
  const channelId = channel.id ?? '';
  const current = channel.local_storage_region ?? '';
  const [region, setRegion] = useState<StorageRegion>(current in storageRegions ? (current as StorageRegion) : 'DE');
  const [method, setMethod] = useState<OtpMethod>('sms');
  const [challenge, setChallenge] = useState<OtpChallenge | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirmDisable, setConfirmDisable] = useState(false);

  const enable = useMutation({
    mutationFn: (code: StorageRegion) => {
      setDone(null);
      return enableLocalStorage(owner, channelId, code, method);
    },
    onSuccess: (change, code) => {
      if (change.done) {
        setDone(`Local storage in ${regionLabel(code)} is on.`);
        onChanged();
      } else {
        setChallenge(change.otp);
      }
    },
  });
  const disable = useMutation({
    mutationFn: () => {
      setDone(null);
      return disableLocalStorage(owner, channelId);
    },
    onSuccess: () => {
      setConfirmDisable(false);
      setDone('Local storage is off; messages are stored in the default region again.');
      onChanged();
    },
  });
  // The server refuses storage changes on a number that is going away.
  const frozen = channel.status === 'terminated' || channel.status === 'pending_deletion';
  const needsCode = channel.status === 'running' && !current;
  const pendingRegion = enable.variables ?? region;

  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3} size="h4">
          Local storage
        </Title>
        <Text size="sm" data-testid="storage-region">
          Messages of this number are stored in: <strong>{current ? regionLabel(current) : 'the default region (no local storage)'}</strong>
        </Text>
        {editable && frozen && (
          <Text size="sm" c="dimmed">
            Local storage cannot be changed while the number is {channel.status === 'terminated' ? 'terminated' : 'pending deletion'}.
          </Text>
        )}
        {editable && !frozen && (
          <Group align="flex-end">
            <NativeSelect
              label={current ? 'Move to region' : 'Region'}
              data={regionOptions}
              value={region}
              onChange={(event) => setRegion(event.currentTarget.value as StorageRegion)}
            />
            {needsCode && (
              <NativeSelect
                label="Send the code by"
                data={[
                  { value: 'sms', label: 'SMS' },
                  { value: 'voice', label: 'Voice call' },
                ]}
                value={method}
                onChange={(event) => setMethod(event.currentTarget.value as OtpMethod)}
              />
            )}
            <Button onClick={() => enable.mutate(region)} loading={enable.isPending} disabled={region === current}>
              {current ? 'Move local storage' : 'Enable local storage'}
            </Button>
            {current && (
              <Button variant="default" color="red" onClick={() => setConfirmDisable(true)}>
                Disable local storage
              </Button>
            )}
          </Group>
        )}
        {editable && needsCode && (
          <Text size="xs" c="dimmed">
            This number is running: enabling local storage needs a code sent to {channel.setup_info?.phone_number}.
          </Text>
        )}
        <ErrorAlert error={enable.error} title="Local storage not enabled" />
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
      </Stack>
      <OtpDialog
        challenge={challenge}
        phoneNumber={channel.setup_info?.phone_number ?? 'the number'}
        purpose={`Local storage in ${regionLabel(pendingRegion)}`}
        verify={(otpId, code) => verifyLocalStorage(owner, channelId, otpId, code)}
        resend={(otpId, method) => resendLocalStorageCode(owner, channelId, otpId, method)}
        onVerified={() => {
          setChallenge(null);
          setDone(`Local storage in ${regionLabel(pendingRegion)} is on.`);
          onChanged();
        }}
        onClose={() => setChallenge(null)}
      />
      <ConfirmDialog
        opened={confirmDisable}
        title="Disable local storage"
        confirmLabel="Disable local storage"
        color="red"
        pending={disable.isPending}
        error={disable.error}
        onConfirm={() => disable.mutate()}
        onClose={() => setConfirmDisable(false)}
      >
        New messages of {channel.setup_info?.phone_number} will be stored in the default region instead of {regionLabel(current)}.
      </ConfirmDialog>
    </Paper>
  );
}
