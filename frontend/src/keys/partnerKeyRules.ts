/**
 * The rules of the partner API key form, as the server applies them (services/apikeys):
 * a name of at most 100 bytes, scope read or full, an expiry in the future, at most 20 allow-list
 * entries that are IP addresses or CIDR ranges, and the admin's password.
 */
import type { Rule } from '../ui/rules';
import { checkIpAllowlist } from './ipAllowlist';

/** partnerKeyNameMax is the server's limit on a key name, in bytes of UTF-8. */
export const partnerKeyNameMax = 100;

/** partnerKeyName requires a name the server keeps: not blank, at most 100 bytes. */
export const partnerKeyName: Rule = (value) => {
  const name = value.trim();
  if (name === '') return 'Name the key, for example after the system that uses it.';
  const bytes = new TextEncoder().encode(name).length;
  if (bytes <= partnerKeyNameMax) return null;
  const characters = [...name].length;
  return bytes === characters
    ? `Name can be at most ${partnerKeyNameMax} characters (${characters} now).`
    : `Name is too long: at most ${partnerKeyNameMax} bytes, and letters outside A–Z count as two or more (${bytes} now).`;
};

const pad = (value: number) => String(value).padStart(2, '0');

/** localDate formats a moment as a date input's value, in the browser's time zone. */
export const localDate = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/**
 * expiryMoment is when a key with the given expiry date stops: at the end of that day, in the
 * browser's time zone. null when the value is not a date.
 */
export function expiryMoment(value: string): Date | null {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!parts) return null;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const start = new Date(year, month - 1, day);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== day) return null;
  return new Date(year, month - 1, day + 1);
}

/** partnerKeyExpiry accepts no date, or a date from today on (the key then works through that day). */
export const partnerKeyExpiry =
  (now: () => Date = () => new Date()): Rule =>
  (value) => {
    if (value.trim() === '') return null;
    const end = expiryMoment(value);
    if (!end) return 'Enter the expiry as a date, like 2027-12-31.';
    return end.getTime() <= now().getTime() ? 'The expiry date must be today or later.' : null;
  };

/** partnerKeyAllowlist refuses lines that are not IP addresses or CIDR ranges, naming each by its line. */
export const partnerKeyAllowlist: Rule = (value) => {
  const { problems } = checkIpAllowlist(value);
  return problems.length > 0 ? problems.join('\n') : null;
};

/** currentPassword requires the password to be typed again. */
export const currentPassword: Rule = (value) => (value === '' ? 'Enter your password to confirm that it is you.' : null);
