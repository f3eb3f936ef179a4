import { describe, expect, it } from 'vitest';
import { checkIpAllowlist, ipAllowlistMax, ipOrCidrProblem } from './ipAllowlist';

// Each verdict was checked against the server's parser (Go net/netip ParsePrefix, then ParseAddr).
const accepted = [
  '203.0.113.7',
  '203.0.113.0/24',
  '0.0.0.0/0',
  '10.0.0.1/32',
  ' 1.2.3.4 ',
  '::',
  '::1',
  '::/0',
  '2001:db8::/32',
  '2001:db8::1/128',
  '2001:DB8::ABCD',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7::',
  '::1:2:3:4:5:6:7',
  '::ffff:1.2.3.4',
  '::ffff:1.2.3.4/96',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5::1.2.3.4',
];
const refused = [
  '10.0.0.1/33',
  '10.0.0.1/08',
  '10.0.0.1/-1',
  '10.0.0.1/',
  '1.2.3.4/+8',
  '010.0.0.1',
  '256.1.1.1',
  '1.2.3',
  '1.2.3.4.5',
  '1..2.3',
  '2001:db8::1/129',
  '1:2:3:4:5:6:7:8::',
  '::1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7',
  '1::2::3',
  ':1::',
  '1:::2',
  '1.2.3.4::',
  '1:2:3:4:5:6:7:1.2.3.4',
  '1:2:3:4:5:6::1.2.3.4',
  '12345::',
  'g::1',
  'fe80::1%eth0',
  'example.com',
];

describe('one allow-list entry, by the server rules', () => {
  it.each(accepted)('accepts %j', (entry) => expect(ipOrCidrProblem(entry)).toBeNull());
  it.each(refused)('refuses %j', (entry) => expect(ipOrCidrProblem(entry)).not.toBeNull());

  it('says what is wrong in words', () => {
    expect(ipOrCidrProblem('example.com')).toBe('example.com is not an IP address or CIDR range, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.');
    expect(ipOrCidrProblem('300.0.0.0/8')).toBe('300.0.0.0 is not an IP address, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.');
    expect(ipOrCidrProblem('10.0.0.0/33')).toBe('/33 is not a prefix length for IPv4: use a whole number from 0 to 32.');
    expect(ipOrCidrProblem('2001:db8::/129')).toBe('/129 is not a prefix length for IPv6: use a whole number from 0 to 128.');
    expect(ipOrCidrProblem('fe80::1%eth0')).toBe('fe80::1%eth0 names a network zone (after %); write the address without it.');
  });
});

describe('the allow-list as typed', () => {
  it('skips blank lines, trims, and names wrong lines by number', () => {
    expect(checkIpAllowlist('203.0.113.0/24\n\n  2001:db8::/32  \n10.0.0.1/33\r\nnope')).toEqual({
      entries: ['203.0.113.0/24', '2001:db8::/32', '10.0.0.1/33', 'nope'],
      problems: [
        'Line 4: /33 is not a prefix length for IPv4: use a whole number from 0 to 32.',
        'Line 5: nope is not an IP address or CIDR range, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.',
      ],
    });
  });

  it('is empty when nothing is typed', () => {
    expect(checkIpAllowlist('  \n')).toEqual({ entries: [], problems: [] });
  });

  it(`refuses more than ${ipAllowlistMax} entries`, () => {
    const lines = Array.from({ length: ipAllowlistMax + 1 }, (_, index) => `10.0.0.${index}`).join('\n');
    expect(checkIpAllowlist(lines).problems).toEqual([`At most ${ipAllowlistMax} addresses or ranges (${ipAllowlistMax + 1} now).`]);
  });
});
