import { describe, expect, it } from 'vitest';
import { humanize, statusTone } from './tone';

describe('status badges', () => {
  it.each([
    ['active', 'green'],
    ['suspended', 'red'],
    ['inactive', 'gray'],
    ['pending', 'yellow'],
    ['approved', 'green'],
    ['rejected', 'red'],
    ['BLOCKED', 'red'],
    ['LIMITED', 'yellow'],
  ])('status %s is %s', (status, color) => expect(statusTone(status).color).toBe(color));

  it('puts API values in words', () => {
    expect(humanize('pending_deletion')).toBe('Pending deletion');
    expect(humanize('AVAILABLE')).toBe('Available');
    expect(humanize('')).toBe('');
  });
});
