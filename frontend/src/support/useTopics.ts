import { useQuery } from '@tanstack/react-query';
import { listTopics, type Topic } from './api';
import { explained } from './words';

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
