import { Button, Chip, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { languages, setAgentLanguages, type Agent } from './api';
import { explained, languageLabel } from './words';

/**
 * MyLanguages lets a member of support staff say which languages they answer in; routing gives
 * them tickets in those languages (English is everyone's fallback).
 */
export function MyLanguages({ me }: { me: Agent }) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>(me.languages ?? []);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => explained(setAgentLanguages(me.id ?? '', chosen)),
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: ['support', 'agents'] });
    },
  });
  const changed = [...chosen].sort().join() !== [...(me.languages ?? [])].sort().join();
  return (
    <Group gap="xs" role="group" aria-label="Languages you answer in">
      <Text size="sm">You answer in:</Text>
      <Chip.Group multiple value={chosen} onChange={(values) => (setChosen(values), setSaved(false))}>
        <Group gap={4}>
          {languages.map((language) => (
            <Chip key={language} value={language} size="xs">
              {languageLabel(language)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {changed && (
        <Button size="compact-xs" onClick={() => save.mutate()} loading={save.isPending}>
          Save languages
        </Button>
      )}
      {saved && !changed && (
        <Text size="xs" c="green" role="status">
          Saved.
        </Text>
      )}
      <ErrorAlert error={save.error} title="The languages were not saved" />
    </Group>
  );
}
