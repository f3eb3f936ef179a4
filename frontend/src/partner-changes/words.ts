/**
 * Words for partner changes: the rules their forms check as the user types (with the server's
 * limits), their statuses and when they run, and every refusal code the partner-change endpoints
 * answer with, put in words that say what happened and what to do next.
 */
import { explainer, roleMayNot, serverSays, serverSaysAnd, type CodeWords, type Refusals } from '../ui/refusals';
import type { Rule } from '../ui/rules';
import { moment } from '../ui/time';
import type { Tone } from '../ui/tone';
import type { PartnerChange } from './api';

// ---- Limits the server applies

/** rejectReasonMax is the most a rejection reason may hold (the server counts UTF-8 bytes). */
export const rejectReasonMax = 1000;
/** partnerIdMax is the longest partner id the server looks up. */
export const partnerIdMax = 32;

/** utf8Length counts the bytes a text takes in UTF-8, as the server's byte limits do. */
export const utf8Length = (text: string) => new TextEncoder().encode(text).length;

// ---- Form rules

/** partnerIdProblem checks a destination partner id: letters and digits ending in PA, not the current partner. */
export function partnerIdProblem(value: string, currentPartnerId?: string): string | null {
  const id = value.trim();
  if (!id) return 'Enter the partner id your new partner gave you.';
  if (/\s/.test(id)) return 'A partner id has no spaces.';
  if (id.length > partnerIdMax) return `A partner id has at most ${partnerIdMax} characters (${id.length} now).`;
  if (!/^[0-9A-Za-z]+$/.test(id)) return 'A partner id has only letters and digits, like f167CmAbcdPA.';
  if (!id.endsWith('PA')) return 'A partner id ends in PA, like f167CmAbcdPA. Check the id with your new partner.';
  if (currentPartnerId && id === currentPartnerId) return 'This is your current partner. Enter the id of the partner you want to move to.';
  return null;
}

/** rejectReasonProblem requires a reason the client will read, within the server's limit. */
export const rejectReasonProblem: Rule = (value) => {
  if (!value.trim()) return 'Say why, so the client knows what to do next.';
  const bytes = utf8Length(value.trim());
  return bytes > rejectReasonMax
    ? `The reason can be at most ${rejectReasonMax} characters (${bytes} now; accented letters and emoji count 2 to 4).`
    : null;
};

/** partnerChangeCancelReasonProblem checks an operator's optional note on a cancelled partner change. */
export const partnerChangeCancelReasonProblem: Rule = (value) =>
  utf8Length(value.trim()) > rejectReasonMax ? `The reason can be at most ${rejectReasonMax} characters.` : null;

// ---- Statuses and when a change runs

const partnerChangeTones: Record<string, Tone> = {
  created: { color: 'blue', label: 'Awaiting approval' },
  pending: { color: 'yellow', label: 'Approved, queued' },
  completed: { color: 'green', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  rejected: { color: 'red', label: 'Rejected' },
  cancelled: { color: 'gray', label: 'Cancelled' },
};

/** partnerChangeTone colours a partner change's status in its badge. */
export const partnerChangeTone = (status?: string): Tone =>
  partnerChangeTones[status ?? ''] ?? { color: 'gray', label: status ?? 'Unknown' };

/** partnerChangeStatusLabel names a partner change's status in words. */
export const partnerChangeStatusLabel = (status: string) => partnerChangeTones[status]?.label ?? status;

/** isOpenPartnerChange says whether a request still holds its numbers. */
export const isOpenPartnerChange = (request: { status?: string }) => request.status === 'created' || request.status === 'pending';

/** whenWords says when a partner change runs, ran or ended, for its list row. */
export function whenWords(request: PartnerChange): string {
  if (request.status === 'pending' && request.execute_after) {
    const at = new Date(request.execute_after);
    return at.getTime() <= Date.now() ? 'Running now' : `Runs ${moment(at)}${request.execution === 'end_of_month' ? ' (end of month)' : ''}`;
  }
  if (request.finished_at) return `${partnerChangeStatusLabel(request.status ?? '')} ${moment(new Date(request.finished_at))}`;
  return request.status === 'created' ? 'After approval' : '';
}

// ---- Refusals in words

/** partnerChangeCodeWords say what the refusals of partner changes mean. */
export const partnerChangeCodeWords = {
  destination_unknown: 'No partner has this id. Check the id with your new partner — it ends in PA, like f167CmAbcdPA.',
  destination_is_current: 'This is already your partner. Enter the id of the partner you want to move to.',
  destination_inactive: 'That partner is not active at the moment and cannot take on clients. Ask them, or choose another partner.',
  different_billing_system:
    'That partner uses a different payment processor, so your numbers cannot move to them. Ask support about other ways to move.',
  no_numbers: 'You have no numbers to move.',
  channel_pending_deletion: 'A number you chose is waiting to be deleted. Reactivate it on its page, or leave it out of the move.',
  channel_migrating: 'A number you chose is being migrated. Leave it out of the move, or wait until its migration has finished.',
  channel_in_open_request: 'A number you chose is already part of another open partner change. Cancel that request first, or leave the number out.',
  outgoing_request: 'Only the partner the client is moving to decides on this request; you see it read-only.',
} satisfies CodeWords;

const words = partnerChangeCodeWords;

/** partnerChangeRefusals are the refusals the partner-change screens put in their own words; codes not here keep the server's message. */
export const partnerChangeRefusals: Refusals = {
  destination_unknown: words.destination_unknown,
  partner_not_found: 'No active partner has this id. Check the id with your new partner — it ends in PA, like f167CmAbcdPA.',
  destination_is_current: words.destination_is_current,
  destination_inactive: words.destination_inactive,
  different_billing_system: words.different_billing_system,
  no_numbers: words.no_numbers,
  channel_pending_deletion: serverSaysAnd('You can reactivate it on its page, or leave it out of the move.'),
  channel_migrating: serverSaysAnd('Leave it out of the move, or wait until its migration has finished.'),
  channel_in_open_request: serverSaysAnd('Cancel that request first, or leave the number out.'),
  outgoing_request: words.outgoing_request,
  invalid_state: serverSays,
  forbidden: roleMayNot,
};

/** explain and explained put a failed partner-change call in words (see explainRefusal). */
export const { explain, explained } = explainer(partnerChangeRefusals);
