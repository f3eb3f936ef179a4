import { Badge } from '@mantine/core';
import { statusTone, type Tone } from './tone';

/**
 * StatusBadge is the one badge every status is shown in: with the tone (colour and words) a
 * feature's words give it, or, for the common statuses of clients, partners, requests, health and
 * webhook deliveries, from the status itself.
 */
export function StatusBadge(props: { tone: Tone } | { status?: string }) {
  const tone = 'tone' in props ? props.tone : statusTone(props.status);
  return (
    // A badge in a narrow table cell keeps its whole label rather than an ellipsis.
    <Badge color={tone.color} variant="light" data-color={tone.color} style={{ minWidth: 'max-content' }}>
      {tone.label}
    </Badge>
  );
}
