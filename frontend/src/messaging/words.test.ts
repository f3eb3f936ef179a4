import { describe, expect, it } from 'vitest';
import { NOW_MS, secondsFromNow } from '../test/now';
import { behaviourWords, contactName, metaCodeWords, metaErrorWords, priceWords, waNumber, windowLeftWords, windowState } from './words';

describe('the customer-service window in words', () => {
  it('counts down in hours and minutes while open', () => {
    expect(windowState(secondsFromNow(24 * 3600 - 30), NOW_MS)).toEqual({ open: true, words: 'Window open · 23 h 59 min left' });
    expect(windowState(secondsFromNow(3600), NOW_MS).words).toBe('Window open · 1 h left');
    expect(windowState(secondsFromNow(12 * 60 + 5), NOW_MS).words).toBe('Window open · 12 min left');
    expect(windowState(secondsFromNow(20), NOW_MS).words).toBe('Window open · less than a minute left');
  });

  it('is closed when it ran out or never opened', () => {
    const closed = { open: false, words: 'Window closed: only templates reach this user' };
    expect(windowState(secondsFromNow(-1), NOW_MS)).toEqual(closed);
    expect(windowState(null, NOW_MS)).toEqual(closed);
    expect(windowState(undefined, NOW_MS)).toEqual(closed);
  });

  it('says spans the way the countdown shows them', () => {
    expect(windowLeftWords(86_399)).toBe('23 h 59 min');
    expect(windowLeftWords(7200)).toBe('2 h');
    expect(windowLeftWords(59)).toBe('less than a minute');
  });
});

describe('Meta’s error codes in words', () => {
  it('has words for the codes the sandbox answers with', () => {
    for (const code of [100, 130429, 131008, 131009, 131026, 131030, 131047, 131048, 131051, 131056, 132000, 132001, 132012, 132015, 132016, 133010]) {
      expect(metaCodeWords[code], String(code)).toMatch(/^[A-Z].*[.!?]$/s);
    }
  });

  it('falls back to Meta’s title, then to the code', () => {
    expect(metaErrorWords(131047, 'Re-engagement message')).toMatch(/^More than 24 hours have passed/);
    expect(metaErrorWords(123, 'Something new')).toBe('WhatsApp refused it: Something new.');
    expect(metaErrorWords(123, '')).toBe('WhatsApp refused it with error 123.');
    expect(metaErrorWords(undefined, undefined)).toBe('WhatsApp refused it.');
  });
});

describe('messages and users in words', () => {
  it('says whether a message is charged and why', () => {
    expect(priceWords({ category: 'utility', billable: true, pricing_type: 'regular' })).toBe('Utility · Charged');
    expect(priceWords({ category: 'service', billable: false, pricing_type: 'free_customer_service' })).toBe('Service · Free: inside the customer-service window');
    expect(priceWords({ category: 'marketing', billable: false })).toBe('Marketing · Free');
    expect(priceWords({})).toBe('');
  });

  it('names a conversation by profile name, else by number', () => {
    expect(contactName({ wa_id: '551187654321', profile_name: 'Ana Souza' })).toBe('Ana Souza');
    expect(contactName({ wa_id: '551187654321', profile_name: ' ' })).toBe('+551187654321');
    expect(waNumber('+4915112345678')).toBe('+4915112345678');
  });

  it('puts what makes messages fail first', () => {
    const ordinary = { on_whatsapp: true, reachable: true, blocks_business: false, read_receipts: true };
    expect(behaviourWords(ordinary).map((tone) => tone.label)).toEqual(['Reachable', 'Sends read receipts']);
    expect(behaviourWords({ ...ordinary, blocks_business: true, reachable: false }).map((tone) => tone.label)).toEqual(['Blocks businesses', 'Phone off', 'Sends read receipts']);
    expect(behaviourWords({ ...ordinary, on_whatsapp: false }).map((tone) => tone.label)).toEqual(['Not on WhatsApp']);
  });
});
