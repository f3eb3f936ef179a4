/**
 * Words for message templates: their statuses, categories, languages, rejection reasons and
 * quality scores, the server's rule problems ("components[1].text: …") with the field named the
 * way the builder names it, and every refusal code the template endpoints answer with.
 */
import type { ApiError } from '../api/client';
import { explainer, roleMayNot, serverSays, type CodeWords, type Refusals } from '../ui/refusals';
import { durationWords, untilWords } from '../ui/time';
import { unknownTone, type Tone } from '../ui/tone';
import type { Template } from './rules';

// ---- Statuses, categories, quality

const statusTones: Record<string, Tone> = {
  submitted: { color: 'blue', label: 'Submitted — in review' },
  approved: { color: 'green', label: 'Approved' },
  rejected: { color: 'red', label: 'Rejected' },
  paused: { color: 'orange', label: 'Paused' },
  disabled: { color: 'gray', label: 'Disabled' },
  deleted: { color: 'dark', label: 'Deleted' },
};

/** templateStatusTone colours a template's status in its badge. */
export const templateStatusTone = (status?: string): Tone => statusTones[status ?? ''] ?? unknownTone(status);

/** templateStatusLabel names a template's status in words. */
export const templateStatusLabel = (status: string) => templateStatusTone(status).label;

const categoryLabels: Record<string, string> = {
  MARKETING: 'Marketing',
  UTILITY: 'Utility',
  AUTHENTICATION: 'Authentication',
};

/** categoryLabel names a template category in words. */
export const categoryLabel = (category?: string) => categoryLabels[category ?? ''] ?? category ?? '';

const categoryHints: Record<string, string> = {
  MARKETING: 'Offers, news, invitations: anything that promotes.',
  UTILITY: 'Updates on something the customer asked for: an order, a booking, an account. No offers.',
  AUTHENTICATION: 'One-time codes. WhatsApp writes the text; you choose the button.',
};

/** categoryHint says what a category is for. */
export const categoryHint = (category?: string) => categoryHints[category ?? ''] ?? '';

const qualityTones: Record<string, Tone> = {
  GREEN: { color: 'green', label: 'High quality' },
  YELLOW: { color: 'yellow', label: 'Medium quality' },
  RED: { color: 'red', label: 'Low quality' },
  UNKNOWN: { color: 'gray', label: 'Not rated yet' },
};

/** qualityTone colours a template's quality score in its badge. */
export const qualityTone = (score?: string): Tone => qualityTones[score ?? ''] ?? unknownTone(score);

/** qualityLabel names a quality score in words. */
export const qualityLabel = (score: string) => qualityTone(score).label;

const rejectionWords: Record<string, string> = {
  INVALID_FORMAT: 'The format is not right: check the parameters, their sample values and the formatting.',
  INCORRECT_CATEGORY: 'The content does not fit the category: a utility template may not carry an offer. Choose Marketing, or take the offer out.',
  ABUSIVE_CONTENT: 'Meta found abusive or threatening words in it. Rewrite the text.',
  SCAM: 'Meta took it for a scam, for example because of a link through a URL shortener. Link to your own website.',
  NONE: 'Meta gave no reason.',
};

/** rejectionReasonLabel is the short name of a reason Meta rejects templates for, as the operator chooses it. */
export const rejectionReasonLabel = (reason: string) =>
  ({ INVALID_FORMAT: 'Invalid format', INCORRECT_CATEGORY: 'Incorrect category', ABUSIVE_CONTENT: 'Abusive content', SCAM: 'Scam', NONE: 'No reason given' })[reason] ??
  reason;

/** rejectionReasonWords say why Meta rejected a template and what to do about it. */
export const rejectionReasonWords = (reason?: string | null) => (reason ? (rejectionWords[reason] ?? `Meta rejected it (${reason}).`) : 'Meta gave no reason.');

const headerLabels: Record<string, string> = { NONE: 'None', TEXT: 'Text', IMAGE: 'Image', VIDEO: 'Video', DOCUMENT: 'Document', LOCATION: 'Location' };

/** headerFormatLabel names a header format in words. */
export const headerFormatLabel = (format: string) => headerLabels[format] ?? format;

const buttonLabels: Record<string, string> = { QUICK_REPLY: 'Quick reply', URL: 'Visit website', PHONE_NUMBER: 'Call phone number', OTP: 'One-time code' };

/** buttonTypeLabel names a button type in words. */
export const buttonTypeLabel = (type: string) => buttonLabels[type] ?? type;

const otpLabels: Record<string, string> = { COPY_CODE: 'Copy code', ONE_TAP: 'One-tap autofill (Android)' };

/** otpTypeLabel names an OTP button type in words. */
export const otpTypeLabel = (type: string) => otpLabels[type] ?? type;

// ---- Languages

const languageNames: Record<string, string> = {
  af: 'Afrikaans', sq: 'Albanian', ar: 'Arabic', az: 'Azerbaijani', bn: 'Bengali', bg: 'Bulgarian', ca: 'Catalan',
  zh_CN: 'Chinese (China)', zh_HK: 'Chinese (Hong Kong)', zh_TW: 'Chinese (Taiwan)', hr: 'Croatian', cs: 'Czech', da: 'Danish',
  nl: 'Dutch', en: 'English', en_GB: 'English (UK)', en_US: 'English (US)', et: 'Estonian', fil: 'Filipino', fi: 'Finnish',
  fr: 'French', ka: 'Georgian', de: 'German', el: 'Greek', gu: 'Gujarati', ha: 'Hausa', he: 'Hebrew', hi: 'Hindi',
  hu: 'Hungarian', id: 'Indonesian', ga: 'Irish', it: 'Italian', ja: 'Japanese', kn: 'Kannada', kk: 'Kazakh',
  rw_RW: 'Kinyarwanda', ko: 'Korean', ky_KG: 'Kyrgyz', lo: 'Lao', lv: 'Latvian', lt: 'Lithuanian', mk: 'Macedonian',
  ms: 'Malay', ml: 'Malayalam', mr: 'Marathi', nb: 'Norwegian', fa: 'Persian', pl: 'Polish', pt_BR: 'Portuguese (Brazil)',
  pt_PT: 'Portuguese (Portugal)', pa: 'Punjabi', ro: 'Romanian', ru: 'Russian', sr: 'Serbian', sk: 'Slovak', sl: 'Slovenian',
  es: 'Spanish', es_AR: 'Spanish (Argentina)', es_ES: 'Spanish (Spain)', es_MX: 'Spanish (Mexico)', sw: 'Swahili',
  sv: 'Swedish', ta: 'Tamil', te: 'Telugu', th: 'Thai', tr: 'Turkish', uk: 'Ukrainian', ur: 'Urdu', uz: 'Uzbek',
  vi: 'Vietnamese', zu: 'Zulu',
};

/** languageName names a template language, e.g. "English (US)" for en_US; an unknown code stays as it is. */
export const languageName = (code?: string) => languageNames[code ?? ''] ?? code ?? '';

/** languageOption is a language as a select offers it: its name, and the code integrations use. */
export const languageOption = (code: string) => ({ value: code, label: `${languageName(code)} · ${code}` });

// ---- Rule problems in words

const componentNames: Record<string, string> = { HEADER: 'Header', BODY: 'Body', FOOTER: 'Footer', BUTTONS: 'Buttons' };

const partNames: Record<string, (component: string) => string> = {
  text: (component) => `${component} text`,
  format: () => 'Header type',
  type: (component) => `${component} type`,
  'example.header_text': () => 'Sample for the header parameter',
  'example.header_handle': () => 'Sample media',
  'example.body_text': () => 'Sample values',
  code_expiration_minutes: () => 'Code expiry',
  buttons: () => 'Buttons',
};

const buttonPartNames: Record<string, string> = {
  '': '',
  text: ' text',
  url: ' URL',
  phone_number: ' phone number',
  example: ' sample',
  type: ' type',
  otp_type: ' type',
};

/** ProblemPlace is where the builder shows a problem: a field of the form, a button by its index, or the template as a whole. */
export type ProblemPlace =
  | { section: 'name' | 'language' | 'category' | 'template' }
  | { section: 'header' | 'body' | 'footer' | 'buttons' | 'authentication'; part: string }
  | { section: 'button'; index: number; part: string };

/** PlacedProblem is one problem in words with the place it belongs to. */
export interface PlacedProblem {
  place: ProblemPlace;
  /** words are the problem as a person reads it: the field by its name, then the server's why. */
  words: string;
  /** line is the problem as the server writes it, "field: why". */
  line: string;
}

const problemLine = /^([^:]+): (.*)$/s;
const componentField = /^components\[(\d+)\](?:\.(.*))?$/;
const buttonField = /^buttons\[(\d+)\](?:\.(.*))?$/;

/**
 * placeProblem names the field of a "field: why" problem of template (the template it was found
 * in, so components[1] is known to be the body) and says where the builder shows it.
 */
export function placeProblem(line: string, template: Template): PlacedProblem {
  const match = problemLine.exec(line);
  if (!match) return { place: { section: 'template' }, words: line, line };
  const [, field, why] = match;
  const say = (label: string, place: ProblemPlace): PlacedProblem => ({ place, words: `${label}: ${why}`, line });
  if (field === 'name') return say('Name', { section: 'name' });
  if (field === 'language') return say('Language', { section: 'language' });
  if (field === 'category') return say('Category', { section: 'category' });
  const component = componentField.exec(field);
  if (!component) return say('Template', { section: 'template' });
  const type = template.components[Number(component[1])]?.type ?? '';
  const auth = template.category === 'AUTHENTICATION';
  const name = componentNames[type] ?? 'Component';
  const part = component[2] ?? '';
  const section = auth ? 'authentication' : (({ HEADER: 'header', BODY: 'body', FOOTER: 'footer', BUTTONS: 'buttons' }) as const)[type as 'HEADER'];
  if (!section) return say(name, { section: 'template' });
  const button = buttonField.exec(part);
  if (button) {
    const index = Number(button[1]);
    const buttonPart = button[2] ?? '';
    const label = auth ? 'Code button' : `Button ${index + 1}`;
    return say(`${label}${buttonPartNames[buttonPart] ?? ` ${buttonPart}`}`, auth ? { section, part: 'button' } : { section: 'button', index, part: buttonPart });
  }
  const label = part === '' ? name : (partNames[part]?.(name) ?? `${name} ${part}`);
  return say(label, { section, part });
}

// ---- Refusals in words

/** templateCodeWords say what the refusals of message templates mean. */
export const templateCodeWords = {
  template_invalid: 'The template breaks WhatsApp’s rules. Fix the problems listed and submit it again.',
  template_exists: 'This WhatsApp Business Account already has a template of this name in this language. Choose another name, or another language.',
  template_name_deleted:
    'A template of this name was deleted in the last 30 days, and Meta keeps the name blocked meanwhile. Choose another name.',
  template_limit_reached:
    'This WhatsApp Business Account holds as many templates as Meta allows: 250 while the business is not verified, 6000 once it is. Delete templates no longer used, or verify the business.',
  template_not_editable: 'Only approved, rejected or paused templates can be edited. Wait for the review to finish.',
  template_category_locked: 'The category of an approved template cannot change. Create a new template in the other category instead.',
  template_edit_limited: 'An approved template may be edited once in 24 hours and ten times in 30 days. Try again later.',
} satisfies CodeWords;

/** editLimitedWords say when an approved template may be edited again, from Retry-After. */
const editLimitedWords = (error: ApiError, now: number) =>
  error.retryAfter
    ? `An approved template may be edited once in 24 hours and ten times in 30 days. The next edit is possible in ${durationWords(error.retryAfter)}, on ${untilWords(new Date(now + error.retryAfter * 1000).toISOString(), now).replace(/ \(in .*\)$/, '')}.`
    : templateCodeWords.template_edit_limited;

/**
 * templateRefusals are the refusals the template screens put in their own words; template_invalid
 * keeps the server's details, which the builder shows next to the fields they name.
 */
export const templateRefusals: Refusals = {
  template_exists: templateCodeWords.template_exists,
  template_name_deleted: templateCodeWords.template_name_deleted,
  template_limit_reached: templateCodeWords.template_limit_reached,
  template_not_editable: templateCodeWords.template_not_editable,
  template_category_locked: templateCodeWords.template_category_locked,
  template_edit_limited: editLimitedWords,
  invalid_state: serverSays,
  forbidden: roleMayNot,
};

/** explain and explained put a failed template call in words (see explainRefusal). */
export const { explain, explained } = explainer(templateRefusals);
