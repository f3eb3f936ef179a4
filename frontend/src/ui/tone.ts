/** Tone is how a status is shown: a badge colour and words. */
export interface Tone {
  color: string;
  label: string;
}

/** humanize turns an API value like "pending_deletion" into words like "Pending deletion". */
export function humanize(value = ''): string {
  const words = value.replace(/_/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** unknownTone shows a value no tone knows: in words, in grey. */
export const unknownTone = (value?: string): Tone => ({ color: 'gray', label: value ? humanize(value) : 'Unknown' });

const statusColors: Record<string, string> = {
  active: 'green',
  inactive: 'gray',
  suspended: 'red',
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  delivered: 'green',
  failed: 'red',
  AVAILABLE: 'green',
  LIMITED: 'yellow',
  BLOCKED: 'red',
};

/** statusTone colours the common statuses: clients, partners, limit-raise requests, health, webhook deliveries. */
export function statusTone(status?: string): Tone {
  const color = status ? statusColors[status] : undefined;
  return color ? { color, label: humanize(status) } : unknownTone(status);
}
