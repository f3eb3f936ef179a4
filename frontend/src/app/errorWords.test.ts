import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { channelRefusals } from '../channels/words';
import { migrationRefusals } from '../migrations/words';
import { partnerChangeRefusals } from '../partner-changes/words';
import { codeWords, featureCodeWords, featureRefusals } from './errorWords';

// The server's error catalogue, written by a Go test; its table rows read "| `code_name` | 409 | meaning | operations |".
// (The test file's URL goes through a variable: Vite would take new URL(…, import.meta.url) for an asset to serve.)
const testFile = import.meta.url;
const catalogue = readFileSync(decodeURIComponent(new URL('../../../docs/ERRORS.md', testFile).pathname), 'utf8');
const catalogueCodes = new Set([...catalogue.matchAll(/^\|\s*`([a-z0-9_]+)`\s*\|/gm)].map((match) => match[1]));

// Codes the server answers with that the catalogue does not list yet: both are Go constants
// (registration.CodeLimited, numbermigrations' codeImpossible) rather than literals, which the
// provisional catalogue was drawn from. A code leaves this list once the catalogue has it.
// Every code the frontend has words for: the code words, and the refusals screens put in their own words.
const wordedCodes = new Set([...Object.keys(codeWords), ...Object.values(featureRefusals).flatMap((refusals) => Object.keys(refusals))]);

describe('words for error codes', () => {
  it('reads the codes of the catalogue', () => {
    expect(catalogueCodes.size).toBeGreaterThan(50);
    expect(catalogueCodes).toContain('validation_failed');
  });

  it('has words for exactly the codes of the catalogue', () => {
    const unknown = [...wordedCodes].filter((code) => !catalogueCodes.has(code)).sort();
    const missing = [...catalogueCodes].filter((code) => !Object.hasOwn(codeWords, code)).sort();
    // unknown: words for a code the server does not answer with (renamed or gone?); missing: a code no one has words for.
    expect({ unknown, missing }).toEqual({ unknown: [], missing: [] });
  });

  it('keeps the words of each code in one feature', () => {
    const owners = new Map<string, string[]>();
    for (const [feature, words] of Object.entries(featureCodeWords)) {
      for (const code of Object.keys(words)) owners.set(code, [...(owners.get(code) ?? []), feature]);
    }
    expect([...owners].filter(([, features]) => features.length > 1)).toEqual([]);
  });

  it('words every code in sentences, not in codes', () => {
    const unworded = Object.entries(codeWords).filter(([, words]) => !/^[A-Z].*[.!?]$/s.test(words) || /\b[a-z]+_[a-z_]+\b/.test(words));
    expect(unworded).toEqual([]);
  });
});

describe('refusals in words', () => {
  it('has words for every refusal code the partner-change, migration and display-name screens document', () => {
    const refusals = { ...partnerChangeRefusals, ...migrationRefusals, ...channelRefusals };
    const codes = [
      'destination_unknown', 'destination_is_current', 'destination_inactive', 'different_billing_system', 'no_numbers',
      'channel_pending_deletion', 'channel_migrating', 'channel_in_open_request', 'invalid_state', 'outgoing_request',
      'number_already_active', 'business_not_verified', 'two_step_verification_enabled', 'number_in_open_request',
      'registration_limit_reached', 'target_waba_not_found', 'same_waba', 'waba_number_limit', 'waba_unverified_limit',
      'client_max_channels', 'otp_cooldown', 'otp_expired', 'migration_failed', 'migration_expired', 'otp_not_requested',
      'display_name_unchanged', 'channel_terminated',
    ];
    expect(codes.filter((code) => !(code in refusals))).toEqual([]);
  });
});
