import { describe, expect, it, vi } from 'vitest';
import { headerNameProblem, headerValueProblem, isDevelopmentOrigin, webhookUrlCheck, webhookUrlProblem } from './webhookUrl';

// The same table as the server's webhook URL test (services/webhookurl), strict policy.
describe('webhook URL rules, as the server applies them', () => {
  it.each([
    ['https://hooks.example.com/wa', null],
    ['https://hooks.example.com/wa?token=abc', null],
    ['https://sub.hooks-x.example.com/', null],
    ['HTTPS://hooks.example.com/wa', null],
    ['http://hooks.example.com/wa', 'Webhook URL must start with https:// (plain http is not allowed).'],
    ['https://my_hooks.example.com/wa', 'Webhook URL must not have an underscore (_) in the host name.'],
    ['https://hooks.example.com/my_path', null],
    ['https://hooks.example.com:8443/wa', 'Webhook URL must not name a port (like :8443); the standard https port is used.'],
    ['https://hooks.example.com:443/wa', 'Webhook URL must not name a port (like :8443); the standard https port is used.'],
    ['https://localhost/wa', 'Webhook URL must point at a public host, not this machine or a private network.'],
    ['https://127.0.0.1/wa', 'Webhook URL must point at a public host, not this machine or a private network.'],
    ['https://10.1.2.3/wa', 'Webhook URL must point at a public host, not this machine or a private network.'],
    ['https://192.168.1.9/wa', 'Webhook URL must point at a public host, not this machine or a private network.'],
    ['https://[::1]/wa', 'Webhook URL must point at a public host, not this machine or a private network.'],
    ['https://8.8.8.8/wa', null],
    ['ftp://hooks.example.com/wa', 'Webhook URL must start with https:// (plain http is not allowed).'],
    ['https://user:pw@hooks.example.com/wa', 'Webhook URL must not contain a user name or password.'],
    ['hooks.example.com/wa', 'Webhook URL must be a full address such as https://example.com/webhook.'],
    ['https:///nohost', 'Webhook URL must name a host, such as https://example.com/webhook.'],
    ['', 'Webhook URL is required.'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'Webhook URL can be at most 2048 characters.'],
    ['https://hooks.example.com/wa#frag', 'Webhook URL must not contain a #fragment.'],
    ['https://hooks.exa mple.com/wa', 'Webhook URL must not contain spaces in the host name.'],
  ])('%j → %j', (url, problem) => expect(webhookUrlProblem(url)).toBe(problem));
});

describe('webhook headers', () => {
  it.each([
    ['Authorization', null],
    ['X-Api-Key', null],
    ['', 'Enter a header name.'],
    ['X Api', 'A header name must be one word, without spaces, colons or brackets.'],
    ['X-Api:', 'A header name must be one word, without spaces, colons or brackets.'],
    ['Content-Type', 'Content-Type is set by PartnerHub and cannot be overridden.'],
    ['x-partnerhub-signature', 'x-partnerhub-signature is set by PartnerHub and cannot be overridden.'],
    ['X'.repeat(65), 'A header name can be at most 64 characters.'],
  ])('name %j → %j', (name, problem) => expect(headerNameProblem(name)).toBe(problem));

  it('keeps a value on one line and within 1024 characters', () => {
    expect(headerValueProblem('Bearer abc')).toBeNull();
    expect(headerValueProblem('a\r\nX-Evil: 1')).toBe('A header value must be on one line.');
    expect(headerValueProblem('a'.repeat(1025))).toBe('A header value can be at most 1024 characters.');
  });
});

describe('webhook URL rules of a server started with --allow-insecure-webhooks', () => {
  const insecure = { allowInsecure: true };
  it.each([
    ['http://127.0.0.1:4321/hook', null],
    ['http://localhost:8080/hook', null],
    ['https://10.0.0.5/hook', null],
    ['http://[::1]:9000/hook', null],
    ['http://my_receiver:4321/hook', 'Webhook URL must not have an underscore (_) in the host name.'],
    ['ftp://127.0.0.1/hook', 'Webhook URL must start with https:// (plain http is not allowed).'],
    ['http://127.0.0.1:99999/hook', 'Webhook URL has a port that is not a number from 1 to 65535.'],
    ['http://127.0.0.1:80/hook#x', 'Webhook URL must not contain a #fragment.'],
  ])('%s → %j', (url, problem) => expect(webhookUrlProblem(url, 'Webhook URL', insecure)).toBe(problem));
});

describe('which rules apply where', () => {
  it('knows a development server by a plain-http page on this machine', () => {
    expect(isDevelopmentOrigin({ protocol: 'http:', hostname: '127.0.0.1' })).toBe(true);
    expect(isDevelopmentOrigin({ protocol: 'http:', hostname: 'localhost' })).toBe(true);
    expect(isDevelopmentOrigin({ protocol: 'https:', hostname: 'localhost' })).toBe(false);
    expect(isDevelopmentOrigin({ protocol: 'http:', hostname: 'hub.example.com' })).toBe(false);
  });

  it('applies the strict rules on a production page and warns about insecure URLs on a development one', () => {
    vi.stubGlobal('location', new URL('https://hub.example.com/'));
    expect(webhookUrlCheck('http://127.0.0.1:4321/hook')).toEqual({ problem: 'Webhook URL must start with https:// (plain http is not allowed).', notice: null });
    vi.stubGlobal('location', new URL('http://127.0.0.1:8080/'));
    expect(webhookUrlCheck('http://127.0.0.1:4321/hook')).toEqual({
      problem: null,
      notice: 'Webhook URL must start with https:// (plain http is not allowed) in production; this development server accepts it only if started with --allow-insecure-webhooks.',
    });
    expect(webhookUrlCheck('https://hooks.example.com/wa')).toEqual({ problem: null, notice: null });
    expect(webhookUrlCheck('http://a_b.example.com/wa').problem).toBe('Webhook URL must not have an underscore (_) in the host name.');
  });
});
