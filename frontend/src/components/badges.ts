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

const unknownTone = (value?: string): Tone => ({ color: 'gray', label: value ? humanize(value) : 'Unknown' });

const channelStatusColors: Record<string, string> = {
  created: 'gray',
  submitted: 'blue',
  ready: 'cyan',
  running: 'green',
  pending_deletion: 'orange',
  terminated: 'red',
  ready_for_migration: 'violet',
  migration_code_requested: 'violet',
  migrating: 'grape',
};

/** channelStatusTone colours a channel's lifecycle status: green only while it runs. */
export function channelStatusTone(status?: string): Tone {
  const color = status ? channelStatusColors[status] : undefined;
  return color ? { color, label: humanize(status) } : unknownTone(status);
}

const qualityTones: Record<string, Tone> = {
  GREEN: { color: 'green', label: 'High quality' },
  YELLOW: { color: 'yellow', label: 'Medium quality' },
  RED: { color: 'red', label: 'Low quality' },
  UNKNOWN: { color: 'gray', label: 'Quality unknown' },
};

/** qualityTone colours Meta's quality rating of a number. */
export function qualityTone(rating?: string): Tone {
  return (rating && qualityTones[rating]) || qualityTones.UNKNOWN;
}

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

/** statusTone colours the other statuses: clients, partners, limit-raise requests, health, webhook deliveries. */
export function statusTone(status?: string): Tone {
  const color = status ? statusColors[status] : undefined;
  return color ? { color, label: humanize(status) } : unknownTone(status);
}
