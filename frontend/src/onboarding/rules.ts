/**
 * The onboarding forms' rules, with the server's limits (services/onboarding: Signup,
 * NumberRequest, NewWABA; services/phone). They check as the user types; the server decides.
 */
import { all, atMost, compactPhone, email, newPassword, optional, required, type Rule } from '../ui/rules';

/** Server limits, in characters. */
export const limits = {
  name: 128,
  organisation: 256,
  businessName: 256,
  wabaName: 256,
  displayName: 256,
  timezone: 64,
  partnerPayload: 1024,
} as const;

export const signupRules = {
  email,
  name: all(required('Your name'), atMost('Your name', limits.name)),
  organisation: all(required('Company name'), atMost('Company name', limits.organisation)),
  password: newPassword,
};

export const loginRules = { email, password: required('Password') };

/**
 * normalPhone turns what a person types into the form the server reads: separators dropped,
 * "00" as the international prefix becomes "+".
 */
export function normalPhone(text: string): string {
  const compact = compactPhone(text.trim());
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

/**
 * phoneNumber checks the shape of an international number: "+", the country code and the
 * number, 7 to 15 digits in all (E.164). Whether the number exists in its country is the
 * server's call.
 */
export const phoneNumber: Rule = (value) => {
  const number = normalPhone(value);
  if (number === '') return 'Phone number is required.';
  if (!number.startsWith('+')) return 'Start with + and the country code, e.g. +49 151 12345678.';
  const digits = number.slice(1);
  if (/\D/.test(digits)) return 'Use digits only after the +; spaces and dashes are fine.';
  if (digits.length < 7) return `This is too short for an international number (${digits.length} digits).`;
  if (digits.length > 15) return `An international number has at most 15 digits (this has ${digits.length}).`;
  return null;
};

/** timezone accepts an IANA time zone name the browser knows, like Europe/Berlin. */
export const timezone: Rule = all(required('Time zone'), atMost('Time zone', limits.timezone), (value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value.trim() });
    return null;
  } catch {
    return 'Use a time zone name like Europe/Berlin or UTC.';
  }
});

/** currencies are the WABA billing currencies offered; the server accepts any ISO 4217 code. */
export const currencies = ['USD', 'EUR', 'GBP', 'BRL', 'INR', 'IDR', 'MXN', 'AUD'] as const;

export const numberRules = {
  businessName: optional(atMost('Business name', limits.businessName)),
  wabaName: all(required('WABA name'), atMost('WABA name', limits.wabaName)),
  displayName: all(required('Display name'), atMost('Display name', limits.displayName)),
  phone: phoneNumber,
  timezone,
};

/** browserTimezone is the user's own time zone, or UTC when the browser does not say. */
export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
