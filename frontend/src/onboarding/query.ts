/**
 * The onboarding page's query string, as partners' integrations build it (reference §3.1): the
 * public connect button appends its parameters naively, without encoding the values, so
 *
 *   ?email=bea@bluebird.example&redirect_url=https://p.example/cb?x=1&y=2&state=abc
 *
 * means redirect_url "https://p.example/cb?x=1&y=2" and state "abc". Other integrations encode
 * their values properly (percent-encoding, "+" for a space). parseOnboardingQuery accepts both.
 */

/** OnboardingQuery is what the link asks of the onboarding page. */
export interface OnboardingQuery {
  /** number asks for access to one phone number: it is prefilled and preselected. */
  number?: string;
  /** email prefills the sign-up and login forms. */
  email?: string;
  /** name prefills the name of the person signing up. */
  name?: string;
  /** state is the partner's opaque value, echoed back on the redirect. */
  state?: string;
  /** redirectUrl replaces the partner's redirect URL for this visit (the server checks its origin). */
  redirectUrl?: string;
  /** partner is the partner's payload, stored on a client that signs up. */
  partner?: string;
  /** login: next=login, show the login form instead of the sign-up form. */
  login: boolean;
  /** planSelection preselects a plan on the plan step, in lower case. */
  planSelection?: string;
}

type Key = 'number' | 'email' | 'name' | 'state' | 'redirect_url' | 'partner' | 'next' | 'plan_selection';

const knownKeys: readonly Key[] = ['number', 'email', 'name', 'state', 'redirect_url', 'partner', 'next', 'plan_selection'];

const isKey = (text: string): text is Key => (knownKeys as readonly string[]).includes(text);

/**
 * decodePercent decodes %XX sequences and leaves any that are not valid UTF-8 as they are, so
 * "100%" or a stray "%zz" does not throw away the whole value.
 */
export function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Decode each run of escapes on its own; a run that is not UTF-8 stays encoded.
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** phoneValue turns a phone number as a link may carry it into "+<digits>" where it can. */
function phoneValue(raw: string): string {
  // A leading "+" is the international prefix, sent raw by naive builders; a "+" further on
  // is a form-encoded space ("+49+151+…").
  const lead = raw.startsWith('+') ? '+' : '';
  const decoded = lead + decodePercent((lead ? raw.slice(1) : raw).replace(/\+/g, ' '));
  return decoded.replace(/[\s\-().]/g, '');
}

/** valueOf decodes the value of one parameter, with the rules that suit it. */
function valueOf(key: Key, raw: string): string {
  switch (key) {
    case 'number':
      return phoneValue(raw);
    case 'redirect_url':
      // A raw address is used as it is: its own escapes belong to it. An encoded one is decoded once.
      return (/^https?:\/\//i.test(raw) ? raw : decodePercent(raw)).trim();
    case 'name':
    case 'next':
    case 'plan_selection':
      // "+" is a form-encoded space here; nobody types a plus in a name.
      return decodePercent(raw.replace(/\+/g, ' ')).trim();
    default:
      // email, state and partner keep a raw "+": an email address may contain one, and opaque
      // values (base64 tokens) often do, while none of them contains a space.
      return decodePercent(raw).trim();
  }
}

/**
 * parseOnboardingQuery reads the page's query string ("?a=1&b=2" or without the "?"). A segment
 * whose key is not a known parameter — or a known one that appeared already — belongs to the
 * previous value, which the link did not encode. Empty values count as absent.
 */
export function parseOnboardingQuery(search: string): OnboardingQuery {
  const text = search.startsWith('?') ? search.slice(1) : search;
  const raw = new Map<Key, string>();
  let previous: Key | null = null;
  for (const segment of text.split('&')) {
    const equals = segment.indexOf('=');
    const key = decodePercent(equals < 0 ? segment : segment.slice(0, equals)).trim().toLowerCase();
    if (isKey(key) && !raw.has(key) && equals >= 0) {
      raw.set(key, segment.slice(equals + 1));
      previous = key;
    } else if (previous !== null) {
      raw.set(previous, `${raw.get(previous)}&${segment}`);
    }
  }
  const value = (key: Key) => {
    const found = raw.get(key);
    if (found === undefined) return undefined;
    // A trailing "&" of a naive builder is not part of the value.
    const decoded = valueOf(key, found.replace(/&+$/, ''));
    return decoded === '' ? undefined : decoded;
  };
  return {
    number: value('number'),
    email: value('email'),
    name: value('name'),
    state: value('state'),
    redirectUrl: value('redirect_url'),
    partner: value('partner'),
    login: value('next')?.toLowerCase() === 'login',
    planSelection: value('plan_selection')?.toLowerCase(),
  };
}
