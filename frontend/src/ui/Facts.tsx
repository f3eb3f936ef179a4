import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Fact is one labelled value of a detail page. */
export interface Fact {
  label: string;
  value: ReactNode;
}

/** Facts shows labelled values in a grid; a missing value shows as a dash. */
export function Facts({ facts, cols = 3 }: { facts: Fact[]; cols?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: cols }} component="dl" spacing="md" m={0}>
      {facts.map((fact) => (
        <Stack key={fact.label} gap={2}>
          <Text component="dt" size="sm" c="dimmed">
            {fact.label}
          </Text>
          <Text component="dd" m={0} fw={500} style={{ overflowWrap: 'anywhere' }}>
            {fact.value === undefined || fact.value === null || fact.value === '' ? '—' : fact.value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
