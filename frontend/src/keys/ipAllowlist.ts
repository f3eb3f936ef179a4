/**
 * The IP allow-list of a partner API key, typed one address or CIDR range per line. The rules
 * are the server's (Go's net/netip ParseAddr and ParsePrefix): dotted IPv4 without leading
 * zeros, IPv6 with at most one "::" that stands for at least one group, an IPv4 tail allowed in
 * IPv6, prefix lengths without sign or leading zero, up to 32 (IPv4) or 128 (IPv6). Zones
 * ("%eth0") are refused here: they mean nothing for a caller on another machine.
 */

/** ipAllowlistMax is how many entries the server keeps on one key. */
export const ipAllowlistMax = 20;

const example = 'such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32';

function isIPv4(text: string): boolean {
  const fields = text.split('.');
  return (
    fields.length === 4 &&
    fields.every((field) => /^\d{1,3}$/.test(field) && Number(field) <= 255 && !(field.length > 1 && field.startsWith('0')))
  );
}

function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const groups = halves.flatMap(groupsOf);
  if (groups.length === 0) return halves.length === 2; // "::"
  // An IPv4 address may end the address, and stands for two groups.
  const last = groups[groups.length - 1];
  const tail = last.includes('.') ? (isIPv4(last) ? 2 : -1) : 0;
  // ...and only at the very end ("1.2.3.4::" is not an address).
  if (tail < 0 || (tail > 0 && halves.length === 2 && halves[1] === '')) return false;
  const hex = tail > 0 ? groups.slice(0, -1) : groups;
  if (!hex.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  const count = hex.length + tail;
  // Without "::" all eight groups are written; with it, "::" stands for at least one.
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** ipVersion says whether text is an IPv4 or IPv6 address (no prefix, no zone); null when it is neither. */
export function ipVersion(text: string): 4 | 6 | null {
  if (isIPv4(text)) return 4;
  if (text.includes(':') && isIPv6(text)) return 6;
  return null;
}

/** ipOrCidrProblem says in words what keeps one entry from being an address or CIDR range; null when it is one. */
export function ipOrCidrProblem(raw: string): string | null {
  const entry = raw.trim();
  if (entry.includes('%')) return `${entry} names a network zone (after %); write the address without it.`;
  const slash = entry.lastIndexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const version = ipVersion(address);
  if (version === null) {
    return slash < 0 ? `${entry} is not an IP address or CIDR range, ${example}.` : `${address} is not an IP address, ${example}.`;
  }
  if (slash < 0) return null;
  const bits = entry.slice(slash + 1);
  const max = version === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > max) {
    return `/${bits} is not a prefix length for IPv${version}: use a whole number from 0 to ${max}.`;
  }
  return null;
}

/** AllowlistCheck is an allow-list as typed: the entries to send and what is wrong with them. */
export interface AllowlistCheck {
  /** entries are the non-empty lines, trimmed. */
  entries: string[];
  /** problems name each wrong line by its number, in words. */
  problems: string[];
}

/** checkIpAllowlist reads the lines of an allow-list; blank lines are skipped. */
export function checkIpAllowlist(text: string): AllowlistCheck {
  const entries: string[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    entries.push(line.trim());
    const problem = ipOrCidrProblem(line);
    if (problem) problems.push(`Line ${index + 1}: ${problem}`);
  });
  if (entries.length > ipAllowlistMax) problems.push(`At most ${ipAllowlistMax} addresses or ranges (${entries.length} now).`);
  return { entries, problems };
}
