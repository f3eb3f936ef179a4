/**
 * webhookUrlProblem mirrors the server's rules for every webhook URL the hub stores
 * (services/webhookurl): https only, no underscore anywhere in the host, no explicit port, no
 * credentials or #fragment, a public host, at most 2048 characters. It reads the URL the way the
 * server does, from the text as typed: the browser's URL parser would silently drop a ":443" and
 * accept hosts the server refuses.
 *
 * With allowInsecure it mirrors a server started with --allow-insecure-webhooks (development
 * only): http://, an explicit port and this machine's or a private network's hosts are accepted.
 */
export const webhookUrlMax = 2048;

/** WebhookUrlPolicy says which of the server's two rule sets to apply. */
export interface WebhookUrlPolicy {
  allowInsecure?: boolean;
}

export function webhookUrlProblem(raw: string, label = 'Webhook URL', policy: WebhookUrlPolicy = {}): string | null {
  const insecure = policy.allowInsecure === true;
  const value = raw.trim();
  if (value === '') return `${label} is required.`;
  if (new TextEncoder().encode(value).length > webhookUrlMax) return `${label} can be at most ${webhookUrlMax} characters.`;
  if (/[\x00-\x1f\x7f]/.test(value)) return `${label} must not contain line breaks or control characters.`;

  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^#]*)(#.*)?$/.exec(value);
  if (!parts) return `${label} must be a full address such as https://example.com/webhook.`;
  const [, scheme, authority, , fragment] = parts;
  if (authority.includes('@')) return `${label} must not contain a user name or password.`;
  const lowerScheme = scheme.toLowerCase();
  if (!(lowerScheme === 'https' || (insecure && lowerScheme === 'http'))) return `${label} must start with https:// (plain http is not allowed).`;

  const hostAndPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  const host = hostAndPort?.[1] ?? '';
  const port = hostAndPort?.[2];
  if (/\s/.test(authority)) return `${label} must not contain spaces in the host name.`;
  if (host === '') return `${label} must name a host, such as https://example.com/webhook.`;
  if (host.includes('_')) return `${label} must not have an underscore (_) in the host name.`;
  if (port !== undefined) {
    if (!insecure) return `${label} must not name a port (like :8443); the standard https port is used.`;
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return `${label} has a port that is not a number from 1 to 65535.`;
  }
  if (fragment !== undefined) return `${label} must not contain a #fragment.`;
  if (!insecure && isLocalHost(host)) return `${label} must point at a public host, not this machine or a private network.`;
  return null;
}

/**
 * isDevelopmentOrigin says whether this page was opened over plain http from this machine, the
 * only way a development server is reached. Only there can the server have been started with
 * --allow-insecure-webhooks, so only there are http:// and local webhook URLs left for the server
 * to judge; a production server (https) gets the strict rules as the user types.
 */
export function isDevelopmentOrigin(location: { protocol: string; hostname: string } | undefined = globalThis.location): boolean {
  return location?.protocol === 'http:' && isLocalHost(location.hostname);
}

/**
 * webhookUrlCheck checks a webhook URL as typed with the rules that can apply on this server.
 * problem blocks saving; notice, when set, says that the URL passes only on a development server
 * started with --allow-insecure-webhooks (the server has the last word).
 */
export function webhookUrlCheck(raw: string, label = 'Webhook URL'): { problem: string | null; notice: string | null } {
  const strict = webhookUrlProblem(raw, label);
  if (strict === null || !isDevelopmentOrigin()) return { problem: strict, notice: null };
  const relaxed = webhookUrlProblem(raw, label, { allowInsecure: true });
  return relaxed === null
    ? { problem: null, notice: `${strict.replace(/\.$/, '')} in production; this development server accepts it only if started with --allow-insecure-webhooks.` }
    : { problem: relaxed, notice: null };
}

function isLocalHost(bracketed: string): boolean {
  const host = bracketed.replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (host.includes(':')) {
    return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || /^ff02:/.test(host);
  }
  return false;
}

/** webhookHeadersMax is how many custom headers a channel webhook may carry. */
export const webhookHeadersMax = 10;

// The delivery sets these itself, so a webhook may not override them.
const reservedHeaders = ['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'user-agent', 'x-partnerhub-signature', 'x-partnerhub-event-id'];

/** headerNameProblem refuses what cannot be a custom header name (the server's rules). */
export function headerNameProblem(name: string): string | null {
  if (name === '') return 'Enter a header name.';
  if (name.length > 64) return 'A header name can be at most 64 characters.';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return 'A header name must be one word, without spaces, colons or brackets.';
  if (reservedHeaders.includes(name.toLowerCase())) return `${name} is set by PartnerHub and cannot be overridden.`;
  return null;
}

/** headerValueProblem refuses a header value that would break the request. */
export function headerValueProblem(value: string): string | null {
  if (/[\r\n\0]/.test(value)) return 'A header value must be on one line.';
  return new TextEncoder().encode(value).length > 1024 ? 'A header value can be at most 1024 characters.' : null;
}
