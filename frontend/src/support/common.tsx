import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { areaOf } from '../auth/roles';
import { listTopics, type Topic } from './api';
import { explained, languageLabel, severityColor, severityLabel, sourceLabel, statusColor, statusLabel } from './words';

/** supportPath is where the support screens live in the user's area. */
export function supportPath(role?: string): string {
  const area = areaOf(role);
  return area === 'operator' ? '/operator/tickets' : `/${area}/support`;
}

const badge = (color: string, label: string) => (
  <Badge color={color} variant="light" data-color={color} style={{ minWidth: 'max-content' }}>
    {label}
  </Badge>
);

export const TicketStatusBadge = ({ status, staff = false }: { status?: string; staff?: boolean }) => badge(statusColor(status), statusLabel(status, staff));
export const SeverityBadge = ({ severity }: { severity?: string }) => badge(severityColor(severity), severityLabel(severity));
export const SourceBadge = ({ source }: { source?: string }) => badge('gray', sourceLabel(source));
export const EscalatedBadge = () => (
  <Badge color="red" variant="filled" style={{ minWidth: 'max-content' }}>
    Escalated
  </Badge>
);
export const LanguageBadge = ({ language, fallback }: { language?: string; fallback?: boolean }) =>
  badge(fallback ? 'orange' : 'gray', fallback ? `${languageLabel(language)} → English` : languageLabel(language));

/** useTopics loads the topic catalogue once; topicName names a topic by key while it loads. */
export function useTopics() {
  const topics = useQuery({ queryKey: ['support', 'topics'], queryFn: () => explained(listTopics()), staleTime: 5 * 60_000 });
  const list: Topic[] = topics.data?.topics ?? [];
  const byKey = new Map(list.map((topic) => [topic.key ?? '', topic]));
  return {
    query: topics,
    list,
    byKey,
    topicName: (key = '') => byKey.get(key)?.name ?? key.replace(/_/g, ' '),
  };
}
