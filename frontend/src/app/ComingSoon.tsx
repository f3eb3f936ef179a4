import { Stack, Text, Title } from '@mantine/core';

/** ComingSoon holds the place of a screen that is not built yet. */
export function ComingSoon({ title }: { title: string }) {
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">Coming soon.</Text>
    </Stack>
  );
}
