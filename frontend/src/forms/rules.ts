/** Rule checks one field and returns what is wrong with it in words, or null when it is fine. */
export type Rule = (value: string) => string | null;

/** passwordMin and passwordMax are the server's password length limits, in characters. */
export const passwordMin = 12;
export const passwordMax = 256;

/** required refuses an empty or blank value. */
export const required =
  (label: string): Rule =>
  (value) =>
    value.trim() ? null : `${label} is required.`;

/** email refuses what cannot be an email address. */
export const email: Rule = (value) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : 'Enter an email address like name@example.com.';

/** newPassword applies the password length policy, counting characters as the server does. */
export const newPassword: Rule = (value) => {
  const length = [...value].length;
  if (length < passwordMin) return `Use at least ${passwordMin} characters (${length} so far).`;
  if (length > passwordMax) return `Use at most ${passwordMax} characters (${length} now).`;
  return null;
};

/** countryCode refuses what is not a two-letter country code. */
export const countryCode: Rule = (value) =>
  /^[A-Za-z]{2}$/.test(value.trim()) ? null : 'Use a two-letter country code, like DE.';
