import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { durationWords } from '../ui/time';

/**
 * useCountdown counts the seconds left until a deadline (epoch milliseconds), once a second;
 * it returns 0 when there is none or it has passed.
 */
export function useCountdown(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  const left = deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}

/** CountdownText says how long until something may be tried again, updated every second. */
export function CountdownText({ seconds, what }: { seconds: number; what: string }) {
  return (
    <Text size="sm" c="dimmed" role="timer" aria-live="polite">
      You can {what} in {seconds < 120 ? `${seconds} s` : durationWords(seconds)}.
    </Text>
  );
}
