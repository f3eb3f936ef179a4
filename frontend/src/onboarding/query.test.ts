import { describe, expect, it } from 'vitest';
import { decodePercent, parseOnboardingQuery } from './query';

const none = { number: undefined, email: undefined, name: undefined, state: undefined, redirectUrl: undefined, partner: undefined, login: false, planSelection: undefined };

describe('parseOnboardingQuery', () => {
  it.each<[string, string, Partial<ReturnType<typeof parseOnboardingQuery>>]>([
    ['nothing', '', {}],
    ['only a question mark', '?', {}],
    ['plain values', '?email=bea@bluebird.example&name=Bea&state=xyz', { email: 'bea@bluebird.example', name: 'Bea', state: 'xyz' }],
    [
      'an un-encoded redirect URL with its own query (the connect button)',
      '?redirect_url=https://p.example/cb?x=1&y=2&state=abc',
      { redirectUrl: 'https://p.example/cb?x=1&y=2', state: 'abc' },
    ],
    [
      'an un-encoded redirect URL keeps its own escapes',
      '?redirect_url=https://p.example/cb?q=J%C3%BCrgen%20B&tenant=7',
      { redirectUrl: 'https://p.example/cb?q=J%C3%BCrgen%20B&tenant=7' },
    ],
    [
      'a percent-encoded redirect URL is decoded once',
      '?redirect_url=https%3A%2F%2Fp.example%2Fcb%3Fx%3D1%26y%3D2&state=s',
      { redirectUrl: 'https://p.example/cb?x=1&y=2', state: 's' },
    ],
    [
      'a known key seen again belongs to the previous value',
      '?email=a@b.example&redirect_url=https://p.example/cb?a=1&email=x&state=s1',
      { email: 'a@b.example', redirectUrl: 'https://p.example/cb?a=1&email=x', state: 's1' },
    ],
    ['a segment without "=" belongs to the previous value', '?state=a&b&next=login', { state: 'a&b', login: true }],
    ['a trailing "&" is dropped', '?email=bea@bluebird.example&', { email: 'bea@bluebird.example' }],
    ['"+" in a name is a space', '?name=Bea+Baker', { name: 'Bea Baker' }],
    ['a percent-encoded name', '?name=Bea%20B%C3%A4cker', { name: 'Bea Bäcker' }],
    ['a raw space in a name', '?name=Bea Baker', { name: 'Bea Baker' }],
    ['"+" in an email stays', '?email=bea+io@bluebird.example', { email: 'bea+io@bluebird.example' }],
    ['an encoded "+" in an email', '?email=bea%2Bio%40bluebird.example', { email: 'bea+io@bluebird.example' }],
    ['a raw international number', '?number=+4915112345678', { number: '+4915112345678' }],
    ['an encoded number', '?number=%2B49%20151%2012345678', { number: '+4915112345678' }],
    ['a form-encoded number with spaces', '?number=%2B49+151+1234-5678', { number: '+4915112345678' }],
    ['a raw number with spaces and a leading plus', '?number=+49 (151) 1234 5678', { number: '+4915112345678' }],
    ['a state with "+" and "/" stays opaque', '?state=ab+c/d==', { state: 'ab+c/d==' }],
    ['a state with an encoded space', '?state=csrf%20token', { state: 'csrf token' }],
    ['partner payload', '?partner=crm-4711', { partner: 'crm-4711' }],
    ['next=login in any case', '?next=LOGIN', { login: true }],
    ['next with another value', '?next=signup', { login: false }],
    ['plan_selection in lower case', '?plan_selection=Premium', { planSelection: 'premium' }],
    ['empty values are absent', '?email=&state=&number=', {}],
    ['unknown leading parameters are ignored', '?utm_source=x&email=e@x.example', { email: 'e@x.example' }],
    ['a stray "%" does not break the value', '?name=100%25+sure%zz&state=50%', { name: '100% sure%zz', state: '50%' }],
    ['keys in any case', '?EMAIL=e@x.example&Plan_Selection=regular', { email: 'e@x.example', planSelection: 'regular' }],
    [
      'every parameter at once, naive',
      '?number=+4915112345678&email=bea@bluebird.example&name=Bea Baker&partner=crm 7&plan_selection=regular&next=login&redirect_url=http://127.0.0.1:9000/cb?a=1&b=2&state=xyz',
      {
        number: '+4915112345678',
        email: 'bea@bluebird.example',
        name: 'Bea Baker',
        partner: 'crm 7',
        planSelection: 'regular',
        login: true,
        redirectUrl: 'http://127.0.0.1:9000/cb?a=1&b=2',
        state: 'xyz',
      },
    ],
  ])('%s', (_, search, expected) => {
    expect(parseOnboardingQuery(search)).toEqual({ ...none, ...expected });
  });

  it('reads a query given without "?"', () => {
    expect(parseOnboardingQuery('state=1').state).toBe('1');
  });
});

describe('decodePercent', () => {
  it('decodes valid escapes and keeps broken ones', () => {
    expect(decodePercent('a%20b')).toBe('a b');
    expect(decodePercent('%E2%82%AC and %zz and %C3')).toBe('€ and %zz and %C3');
  });
});
