import { describe, expect, it } from 'vitest';
import { daysFromNow, NOW } from '../test/now';
import { currentPassword, expiryMoment, localDate, partnerKeyAllowlist, partnerKeyExpiry, partnerKeyName } from './partnerKeyRules';

describe('partner key form rules (the server’s)', () => {
  it('requires a name of at most 100 bytes, counting as the server does', () => {
    expect(partnerKeyName('   ')).toBe('Name the key, for example after the system that uses it.');
    expect(partnerKeyName('a'.repeat(100))).toBeNull();
    expect(partnerKeyName(` ${'a'.repeat(100)} `)).toBeNull();
    expect(partnerKeyName('a'.repeat(101))).toBe('Name can be at most 100 characters (101 now).');
    // 50 "ä" are 100 bytes; 51 are too many for the server although only 51 characters.
    expect(partnerKeyName('ä'.repeat(50))).toBeNull();
    expect(partnerKeyName('ä'.repeat(51))).toBe('Name is too long: at most 100 bytes, and letters outside A–Z count as two or more (102 now).');
  });

  it('reads an expiry date as the end of that day, and refuses days gone by', () => {
    const now = NOW;
    const rule = partnerKeyExpiry(() => now);
    expect(expiryMoment('2026-11-21')).toEqual(new Date(2026, 10, 22));
    expect(expiryMoment('2026-02-30')).toBeNull();
    expect(expiryMoment('tomorrow')).toBeNull();
    expect(rule('')).toBeNull();
    expect(rule(localDate(now))).toBeNull();
    expect(rule(localDate(new Date(daysFromNow(-1))))).toBe('The expiry date must be today or later.');
    expect(rule('2026-13-01')).toBe('Enter the expiry as a date, like 2027-12-31.');
  });

  it('names every wrong allow-list line, and requires the password', () => {
    expect(partnerKeyAllowlist('')).toBeNull();
    expect(partnerKeyAllowlist('203.0.113.0/24\nlocalhost')).toBe(
      'Line 2: localhost is not an IP address or CIDR range, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.',
    );
    expect(currentPassword('')).toBe('Enter your password to confirm that it is you.');
    expect(currentPassword(' x ')).toBeNull();
  });
});
