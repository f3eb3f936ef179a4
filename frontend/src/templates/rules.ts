/**
 * The rules of a message template, ported from the server's services/templates/rules/rules.go so
 * the builder refuses what the server would refuse, in the same words, before anything is sent:
 * the name, language and category, and each component (header, body, footer, buttons) with its
 * parameters and sample values. checkTemplate lists every problem at once, as "field: why" lines
 * exactly as the server's 422 template_invalid lists them in its details.
 *
 * Two checks are simpler than the server's: a phone number is checked for the E.164 shape only
 * (the server asks libphonenumber whether the number exists), and an https address is checked
 * the way Go's url.Parse reads it as far as the rules need (scheme, host, port, escapes). The
 * server stays authoritative; these are for the person typing.
 *
 * AUTHENTICATION templates follow Meta's fixed format instead of free text: no header and no body
 * text (Meta writes "<code> is your verification code."), an optional security recommendation on
 * the body, an optional code expiry (1–90 minutes) on the footer, and exactly one OTP button,
 * COPY_CODE or ONE_TAP (one tap names the Android app by package_name and signature_hash).
 */
import { characters } from '../ui/rules';

// The limits, as Meta applies them (and the server repeats).
export const maxName = 512;
export const maxHeaderText = 60;
export const maxBody = 1024;
export const maxFooter = 60;
export const maxButtonText = 25;
export const maxQuickReplyText = 20;
export const maxQuickReplies = 3;
export const maxUrlButtons = 1;
export const maxPhoneButtons = 1;
export const minCodeExpiry = 1;
export const maxCodeExpiry = 90;
export const maxHeaderParameters = 1;

/** categories are the template categories Meta accepts. */
export const categories = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;

/** Category is one of the template categories. */
export type Category = (typeof categories)[number];

/** languages are the language codes Meta accepts for templates. */
export const languages = [
  'af', 'sq', 'ar', 'az', 'bn', 'bg', 'ca', 'zh_CN', 'zh_HK', 'zh_TW', 'hr', 'cs', 'da', 'nl',
  'en', 'en_GB', 'en_US', 'et', 'fil', 'fi', 'fr', 'ka', 'de', 'el', 'gu', 'ha', 'he', 'hi', 'hu', 'id', 'ga', 'it', 'ja',
  'kn', 'kk', 'rw_RW', 'ko', 'ky_KG', 'lo', 'lv', 'lt', 'mk', 'ms', 'ml', 'mr', 'nb', 'fa', 'pl', 'pt_BR', 'pt_PT', 'pa',
  'ro', 'ru', 'sr', 'sk', 'sl', 'es', 'es_AR', 'es_ES', 'es_MX', 'sw', 'sv', 'ta', 'te', 'th', 'tr', 'uk', 'ur', 'uz', 'vi', 'zu',
] as const;

/** headerFormats are the formats a HEADER component may have. */
export const headerFormats = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;

/** Example holds a component's sample values. */
export interface Example {
  header_text?: string[];
  header_handle?: string[];
  body_text?: string[][];
}

/** Button is one button of a BUTTONS component: QUICK_REPLY, URL, PHONE_NUMBER, or OTP (authentication). */
export interface Button {
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[];
  /** otp_type is COPY_CODE or ONE_TAP. */
  otp_type?: string;
  package_name?: string;
  signature_hash?: string;
}

/** Component is one of HEADER, BODY, FOOTER and BUTTONS, in Meta's shape. */
export interface Component {
  type: string;
  /** format is the HEADER's: TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION. */
  format?: string;
  text?: string;
  example?: Example;
  buttons?: Button[];
  // AUTHENTICATION only.
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
}

/** Template is a template as Meta's create body carries it. */
export interface Template {
  name: string;
  language: string;
  category: string;
  components: Component[];
}

const namePattern = /^[a-z0-9_]+$/;
// Go's regexp (RE2) means [\t\n\f\r ] by \s; JavaScript's \s holds more.
const space = '[\\t\\n\\f\\r ]';
const paramPattern = () => new RegExp(`\\{\\{${space}*([^{}]*?)${space}*\\}\\}`, 'g');
const sideBySide = new RegExp(`\\}\\}${space}*\\{\\{`);

type Problems = string[];

const add = (problems: Problems, field: string, why: string) => problems.push(`${field}: ${why}`);

// Go's strings.TrimSpace trims Unicode white space: unlike trim, U+0085 but not the byte-order mark.
const goSpace = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const edgeSpace = new RegExp(`^${goSpace}+|${goSpace}+$`, 'g');

/** trimSpace trims as Go's strings.TrimSpace does. */
export const trimSpace = (text: string) => text.replace(edgeSpace, '');

/**
 * parameters returns the parameter numbers of text in order, and the matches that are not a whole
 * number from 1 ({{name}}, {{0}}, {{01}}): the caller reports those.
 */
export function parameters(text: string): { nums: number[]; malformed: string[] } {
  const nums: number[] = [];
  const malformed: string[] = [];
  for (const match of text.matchAll(paramPattern())) {
    const inner = match[1];
    // strconv.Atoi and back: digits only, no sign, no leading zero, within a 64-bit int.
    const whole = /^[1-9]\d*$/.test(inner) && (inner.length < 19 || (inner.length === 19 && inner <= '9223372036854775807'));
    if (whole) nums.push(Number(inner));
    else malformed.push(match[0]);
  }
  return { nums, malformed };
}

/** parameterCount is the highest parameter number in text ({{3}} → 3), 0 when there is none. */
export const parameterCount = (text: string) => Math.max(0, ...parameters(text).nums);

/** hasParameter says whether text holds anything written like a parameter, {{…}}. */
export const hasParameter = (text: string) => paramPattern().test(text);

// checkParameters applies the rules of parameters in text: numbered {{1}}…{{n}} from 1 without
// gaps, never side by side, not at the very start or end; it returns n.
function checkParameters(p: Problems, field: string, text: string): number {
  const { nums, malformed } = parameters(text);
  for (const m of malformed) add(p, field, `${m} is not a parameter: write {{1}}, {{2}}, … in order`);
  const seen = new Set(nums);
  const n = Math.max(0, ...nums);
  for (let i = 1; i <= n; i++) {
    if (!seen.has(i)) {
      add(p, field, `parameters must be numbered from {{1}} without gaps: {{${i}}} is missing`);
      break;
    }
  }
  if (sideBySide.test(text)) add(p, field, 'two parameters may not stand side by side: put words between them');
  const trimmed = trimSpace(text);
  const any = nums.length + malformed.length > 0;
  if (any && trimmed.startsWith('{{')) add(p, field, 'may not start with a parameter');
  if (any && trimmed.endsWith('}}')) add(p, field, 'may not end with a parameter');
  return n;
}

function checkHeader(p: Problems, field: string, c: Component) {
  switch (c.format ?? '') {
    case 'TEXT': {
      const text = c.text ?? '';
      if (trimSpace(text) === '') {
        add(p, `${field}.text`, 'is required for a text header');
        return;
      }
      if (characters(text) > maxHeaderText) add(p, `${field}.text`, `must be at most ${maxHeaderText} characters`);
      const { nums, malformed } = parameters(text);
      for (const m of malformed) add(p, `${field}.text`, `${m} is not a parameter: write {{1}}`);
      const samples = c.example?.header_text ?? [];
      if (nums.length > maxHeaderParameters || nums.some((n) => n !== 1)) {
        add(p, `${field}.text`, 'a header has at most one parameter, {{1}}');
      } else if (nums.length === 1 && (samples.length !== 1 || trimSpace(samples[0]) === '')) {
        add(p, `${field}.example.header_text`, 'needs one sample value for {{1}}');
      }
      return;
    }
    case 'IMAGE':
    case 'VIDEO':
    case 'DOCUMENT': {
      const handles = c.example?.header_handle ?? [];
      if (handles.length !== 1 || !isHttps(handles[0])) {
        add(p, `${field}.example.header_handle`, `needs one sample ${c.format!.toLowerCase()} as an https URL`);
      }
      return;
    }
    case 'LOCATION':
      return;
    default:
      add(p, `${field}.format`, 'must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION');
  }
}

function checkBody(p: Problems, field: string, c: Component) {
  const text = c.text ?? '';
  if (trimSpace(text) === '') {
    add(p, `${field}.text`, 'is required');
    return;
  }
  if (characters(text) > maxBody) add(p, `${field}.text`, `must be at most ${maxBody} characters`);
  const n = checkParameters(p, `${field}.text`, text);
  if (n === 0) return;
  const rows = c.example?.body_text ?? [];
  if (rows.length !== 1 || (rows[0] ?? []).length !== n) {
    add(p, `${field}.example.body_text`, `needs one sample value for each of the ${n} parameters`);
    return;
  }
  rows[0].forEach((value, i) => {
    if (trimSpace(value) === '') add(p, `${field}.example.body_text`, `the sample value of {{${i + 1}}} is empty`);
  });
}

function checkFooter(p: Problems, field: string, c: Component) {
  const text = c.text ?? '';
  if (trimSpace(text) === '') {
    add(p, `${field}.text`, 'is required for a footer');
    return;
  }
  if (characters(text) > maxFooter) add(p, `${field}.text`, `must be at most ${maxFooter} characters`);
  if (hasParameter(text)) add(p, `${field}.text`, 'a footer has no parameters');
}

function checkButtons(p: Problems, field: string, c: Component) {
  const buttons = c.buttons ?? [];
  if (buttons.length === 0) add(p, `${field}.buttons`, 'needs at least one button');
  const count: Record<string, number> = {};
  const texts = new Set<string>();
  buttons.forEach((b, i) => {
    const bf = `${field}.buttons[${i}]`;
    count[b.type] = (count[b.type] ?? 0) + 1;
    const raw = b.text ?? '';
    const text = trimSpace(raw);
    if (text === '') add(p, `${bf}.text`, 'is required');
    else if (b.type === 'QUICK_REPLY' && characters(raw) > maxQuickReplyText) add(p, `${bf}.text`, `a quick reply must be at most ${maxQuickReplyText} characters`);
    else if (characters(raw) > maxButtonText) add(p, `${bf}.text`, `must be at most ${maxButtonText} characters`);
    if (text !== '') {
      // Go's strings.ToLower maps letter by letter, as toLowerCase does for the texts buttons hold.
      const key = text.toLowerCase();
      if (texts.has(key)) add(p, `${bf}.text`, "repeats another button's text");
      texts.add(key);
    }
    switch (b.type) {
      case 'QUICK_REPLY':
        break;
      case 'URL':
        checkUrlButton(p, bf, b);
        break;
      case 'PHONE_NUMBER':
        if (!isE164(b.phone_number ?? '')) add(p, `${bf}.phone_number`, 'must be a phone number in international format, e.g. +4930123456');
        break;
      case 'OTP':
        add(p, `${bf}.type`, 'OTP buttons belong to authentication templates');
        break;
      default:
        add(p, `${bf}.type`, 'must be QUICK_REPLY, URL or PHONE_NUMBER');
    }
  });
  if ((count.QUICK_REPLY ?? 0) > maxQuickReplies) add(p, `${field}.buttons`, `at most ${maxQuickReplies} quick replies`);
  if ((count.URL ?? 0) > maxUrlButtons) add(p, `${field}.buttons`, `at most ${maxUrlButtons} URL button`);
  if ((count.PHONE_NUMBER ?? 0) > maxPhoneButtons) add(p, `${field}.buttons`, `at most ${maxPhoneButtons} phone-number button`);
}

function checkUrlButton(p: Problems, bf: string, b: Button) {
  const url = b.url ?? '';
  const { nums, malformed } = parameters(url);
  const base = url.replace(paramPattern(), 'x');
  if (!isHttps(base)) add(p, `${bf}.url`, 'must be an https URL');
  const example = b.example ?? [];
  if (malformed.length > 0 || nums.length > 1 || (nums.length === 1 && nums[0] !== 1)) {
    add(p, `${bf}.url`, 'may end in one parameter, {{1}}');
  } else if (nums.length === 1 && !trimSpace(url).endsWith('}}')) {
    add(p, `${bf}.url`, 'the parameter must be at the end of the URL');
  } else if (nums.length === 1 && (example.length !== 1 || !isHttps(example[0]))) {
    add(p, `${bf}.example`, 'needs one sample URL (https) with the parameter filled in');
  }
}

function checkAuthBody(p: Problems, field: string, c: Component) {
  if (trimSpace(c.text ?? '') !== '') add(p, `${field}.text`, "an authentication template's body text is WhatsApp's own: leave it out");
}

function checkAuthFooter(p: Problems, field: string, c: Component) {
  if (trimSpace(c.text ?? '') !== '') add(p, `${field}.text`, "an authentication template's footer text is WhatsApp's own: leave it out");
  const m = c.code_expiration_minutes;
  if (m !== undefined && m !== null && (m < minCodeExpiry || m > maxCodeExpiry)) {
    add(p, `${field}.code_expiration_minutes`, `must be from ${minCodeExpiry} to ${maxCodeExpiry}`);
  }
}

function checkAuthButtons(p: Problems, field: string, c: Component) {
  const buttons = c.buttons ?? [];
  if (buttons.length !== 1 || buttons[0].type !== 'OTP') {
    add(p, `${field}.buttons`, 'an authentication template has exactly one OTP button');
    return;
  }
  const b = buttons[0];
  const bf = `${field}.buttons[0]`;
  switch (b.otp_type ?? '') {
    case 'COPY_CODE':
      break;
    case 'ONE_TAP':
      if (!b.package_name || !b.signature_hash) add(p, bf, 'a one-tap button names the Android app: package_name and signature_hash');
      break;
    default:
      add(p, `${bf}.otp_type`, 'must be COPY_CODE or ONE_TAP');
  }
  if (characters(b.text ?? '') > maxButtonText) add(p, `${bf}.text`, `must be at most ${maxButtonText} characters`);
}

/** checkTemplate returns every problem of t, as "field: why" lines; none when t may be submitted. */
export function checkTemplate(t: Template): string[] {
  const p: Problems = [];
  if (t.name === '') add(p, 'name', 'is required');
  else if (characters(t.name) > maxName) add(p, 'name', `must be at most ${maxName} characters`);
  else if (!namePattern.test(t.name)) add(p, 'name', 'may hold only lowercase letters, digits and underscores');
  if (!(languages as readonly string[]).includes(t.language)) add(p, 'language', 'must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR');
  if (!(categories as readonly string[]).includes(t.category)) add(p, 'category', 'must be MARKETING, UTILITY or AUTHENTICATION');
  const byType: Record<string, number> = {};
  t.components.forEach((c, i) => {
    byType[c.type] = (byType[c.type] ?? 0) + 1;
    if (byType[c.type] === 2) add(p, `components[${i}]`, `repeats ${c.type}: a template has at most one of each component`);
  });
  const auth = t.category === 'AUTHENTICATION';
  if (!byType.BODY) add(p, 'components', 'need a BODY');
  t.components.forEach((c, i) => {
    const field = `components[${i}]`;
    switch (c.type) {
      case 'HEADER':
        if (auth) add(p, field, 'authentication templates have no header');
        else checkHeader(p, field, c);
        break;
      case 'BODY':
        if (auth) checkAuthBody(p, field, c);
        else checkBody(p, field, c);
        break;
      case 'FOOTER':
        if (auth) checkAuthFooter(p, field, c);
        else checkFooter(p, field, c);
        break;
      case 'BUTTONS':
        if (auth) checkAuthButtons(p, field, c);
        else checkButtons(p, field, c);
        break;
      default:
        add(p, `${field}.type`, 'must be HEADER, BODY, FOOTER or BUTTONS');
    }
  });
  if (auth && !byType.BUTTONS) add(p, 'components', 'an authentication template needs a BUTTONS component with one OTP button');
  return p;
}

/**
 * isE164 checks the shape of an E.164 number: +, a country code not starting with 0, 7 to 15
 * digits in all. The server also asks libphonenumber whether the number can exist.
 */
export const isE164 = (raw: string) => /^\+[1-9]\d{6,14}$/.test(raw);

// Characters Go's url.Parse accepts in a host name (besides letters, digits and anything non-ASCII).
const hostCharacters = /^[A-Za-z0-9\-._~!$&'()*+,;=[\]:<>"%\u0080-\u{10FFFF}]*$/u;
const badEscape = /%(?![0-9A-Fa-f]{2})/;

/**
 * isHttps reads an address as Go's url.Parse does, as far as the rules need: the scheme is https
 * (in any case), there is a host, and nothing Parse refuses (control characters, a host with
 * characters it may not hold, a port that is not a number, a broken %-escape).
 */
export function isHttps(raw: string): boolean {
  const text = trimSpace(raw);
  if (/[\u0000-\u001f\u007f]/.test(text)) return false;
  const hash = text.indexOf('#');
  const [beforeFragment, fragment] = hash >= 0 ? [text.slice(0, hash), text.slice(hash + 1)] : [text, ''];
  if (badEscape.test(fragment)) return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(beforeFragment);
  if (!scheme || scheme[1].toLowerCase() !== 'https') return false;
  const rest = beforeFragment.slice(scheme[0].length);
  const question = rest.indexOf('?');
  const hierarchy = question >= 0 ? rest.slice(0, question) : rest;
  if (!hierarchy.startsWith('//')) return false;
  const afterSlashes = hierarchy.slice(2);
  const slash = afterSlashes.indexOf('/');
  const authority = slash >= 0 ? afterSlashes.slice(0, slash) : afterSlashes;
  const path = slash >= 0 ? afterSlashes.slice(slash) : '';
  if (badEscape.test(path)) return false;
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo) || badEscape.test(userinfo)) return false;
  let host = hostPort;
  if (hostPort.startsWith('[')) {
    const close = hostPort.lastIndexOf(']');
    if (close < 0) return false;
    const port = hostPort.slice(close + 1);
    if (port !== '' && !/^:\d*$/.test(port)) return false;
    host = hostPort.slice(0, close + 1);
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      if (!/^:\d*$/.test(hostPort.slice(colon))) return false;
      host = hostPort.slice(0, colon);
    }
    // In a host, Go takes %25 and escapes of bytes from 0x80 only.
    if (!hostCharacters.test(host) || badEscape.test(host) || /%(?!25|[89A-Fa-f][0-9A-Fa-f])/.test(host)) return false;
  }
  return hostPort !== '';
}
