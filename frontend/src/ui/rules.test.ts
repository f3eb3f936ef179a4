import { describe, expect, it } from 'vitest';
import { all, atMost, countryCode, email, required } from './rules';

describe('form rules', () => {
  it.each([
    ['ops@acme.example', null],
    ['  ops@acme.example ', null],
    ['ops@acme', 'Enter an email address like name@example.com.'],
    ['ops acme@x.io', 'Enter an email address like name@example.com.'],
    [`${'a'.repeat(250)}@x.io`, 'Email can be at most 254 characters.'],
  ])('email %j → %j', (value, problem) => expect(email(value)).toBe(problem));

  it.each([
    ['', null],
    ['DE', null],
    ['fr', null],
    ['DEU', 'Use a two-letter country code, like DE.'],
    ['D1', 'Use a two-letter country code, like DE.'],
  ])('country %j → %j', (value, problem) => expect(countryCode(value)).toBe(problem));

  it('counts characters, not UTF-16 units, and reports the first problem', () => {
    const brand = all(required('Brand name'), atMost('Brand name', 3));
    expect(brand('  ')).toBe('Brand name is required.');
    expect(brand('🔑🔑🔑')).toBeNull();
    expect(brand('🔑🔑🔑🔑')).toBe('Brand name can be at most 3 characters.');
  });
});
