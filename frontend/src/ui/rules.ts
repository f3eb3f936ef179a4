/** Rule checks one field and returns what is wrong with it in words, or null when it is fine. */
export type Rule = (value: string) => string | null;

/** passwordMin and passwordMax are the server's password length limits, in characters. */
export const passwordMin = 12;
export const passwordMax = 256;

/** characters counts as the server does: characters (code points), not UTF-16 units. */
export const characters = (value: string) => [...value].length;

/** all applies rules in order and reports the first problem. */
export const all =
  (...rules: Rule[]): Rule =>
  (value) =>
    rules.map((rule) => rule(value)).find((problem) => problem !== null) ?? null;

/** required refuses an empty or blank value. */
export const required =
  (label: string): Rule =>
  (value) =>
    value.trim() ? null : `${label} is required.`;

/** atMost refuses a value longer than max characters. */
export const atMost =
  (label: string, max: number): Rule =>
  (value) =>
    characters(value) > max ? `${label} can be at most ${max} characters.` : null;

/** email refuses what cannot be an email address. */
export const email: Rule = all(atMost('Email', 254), (value) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : 'Enter an email address like name@example.com.',
);

/** newPassword applies the password length policy. */
export const newPassword: Rule = (value) => {
  const length = characters(value);
  if (length < passwordMin) return `Use at least ${passwordMin} characters (${length} so far).`;
  if (length > passwordMax) return `Use at most ${passwordMax} characters (${length} now).`;
  return null;
};

/** countryCode accepts nothing or a two-letter country code. */
export const countryCode: Rule = (value) =>
  /^([A-Za-z]{2})?$/.test(value.trim()) ? null : 'Use a two-letter country code, like DE.';

/** optional lets an empty value pass and applies the rule to anything else. */
export const optional =
  (rule: Rule): Rule =>
  (value) =>
    value.trim() === '' ? null : rule(value);

/** oneOf accepts only one of the listed values. */
export const oneOf =
  (label: string, values: readonly string[]): Rule =>
  (value) =>
    values.includes(value) ? null : `${label} must be one of: ${values.join(', ')}.`;

/** httpUrl accepts an absolute http:// or https:// address of at most max characters. */
export const httpUrl = (label: string, max: number): Rule =>
  all(atMost(label, max), (value) => {
    const text = value.trim();
    if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(text)) return `${label} must be a full address starting with http:// or https://.`;
    try {
      new URL(text);
      return null;
    } catch {
      return `${label} is not a valid address.`;
    }
  });

/** wholeNumber accepts a whole number from min to max. */
export const wholeNumber =
  (label: string, min: number, max: number): Rule =>
  (value) => {
    const text = value.trim();
    if (!/^\d+$/.test(text)) return `${label} must be a whole number.`;
    const number = Number(text);
    return number < min || number > max ? `${label} must be from ${min} to ${max}.` : null;
  };

/** compactPhone drops the spaces, dashes, dots and brackets people type in phone numbers. */
export const compactPhone = (text: string) => text.replace(/[\s\-().]/g, '');

/** withoutFragment refuses an address with a #fragment. */
export const withoutFragment =
  (label: string): Rule =>
  (value) =>
    value.includes('#') ? `${label} must not contain a #fragment.` : null;

/** counter shows how much of a limit a value uses, e.g. "17 / 139". */
export const counter = (value: string, max: number) => `${characters(value)} / ${max}`;
