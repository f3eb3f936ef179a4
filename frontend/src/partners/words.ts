/** Words for partners: the server's refusals of changes to a partner and its users. */
import type { CodeWords } from '../ui/refusals';

/** partnerCodeWords say what the refusals of changes to a partner and to its users mean. */
export const partnerCodeWords = {
  operator_fields: 'Only platform admins change a partner’s plan, tier, billing model or status.',
  last_admin: 'A partner needs at least one admin. Make someone else an admin first.',
} satisfies CodeWords;
