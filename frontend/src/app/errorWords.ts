/**
 * The words for every refusal code, merged from the one place each feature keeps its own: its
 * words module. The catalogue test (errorWords.test.ts) checks them against the server's error
 * catalogue, docs/ERRORS.md: every code there has words here, and nothing here has words for a
 * code the server does not answer with.
 */
import { channelCodeWords, channelRefusals } from '../channels/words';
import { clientCodeWords } from '../clients/words';
import { keyAdvice, keyCodeWords } from '../keys/words';
import { messagingCodeWords } from '../messaging/words';
import { migrationCodeWords, migrationRefusals } from '../migrations/words';
import { onboardingCodeWords } from '../onboarding/words';
import { operatorCodeWords } from '../operator/words';
import { partnerChangeCodeWords, partnerChangeRefusals } from '../partner-changes/words';
import { partnerCodeWords } from '../partners/words';
import { supportCodeWords, supportRefusals } from '../support/words';
import { templateCodeWords, templateRefusals } from '../templates/words';
import type { CodeWords, Refusals } from '../ui/refusals';
import { webhookCodeWords } from '../webhooks/words';
import { appCodeWords } from './words';

/** featureCodeWords are the code words of each feature (and of the app shell, for the codes any call may meet). */
export const featureCodeWords: Record<string, CodeWords> = {
  app: appCodeWords,
  channels: channelCodeWords,
  clients: clientCodeWords,
  keys: keyCodeWords,
  messaging: messagingCodeWords,
  migrations: migrationCodeWords,
  onboarding: onboardingCodeWords,
  operator: operatorCodeWords,
  'partner-changes': partnerChangeCodeWords,
  partners: partnerCodeWords,
  support: supportCodeWords,
  templates: templateCodeWords,
  webhooks: webhookCodeWords,
};

/**
 * featureRefusals are the refusals each feature's screens put in their own words instead of the
 * server's sentence (for API keys: the advice shown under it).
 */
export const featureRefusals: Record<string, Refusals> = {
  channels: channelRefusals,
  keys: keyAdvice,
  migrations: migrationRefusals,
  'partner-changes': partnerChangeRefusals,
  support: supportRefusals,
  templates: templateRefusals,
};

/** codeWords say, for every refusal code the server answers with, what happened and what to do next. */
export const codeWords: Record<string, string> = Object.assign({}, ...Object.values(featureCodeWords));

/** wordsForCode are the words for a refusal code, or undefined for a code without words. */
export const wordsForCode = (code?: string): string | undefined => (code !== undefined && Object.hasOwn(codeWords, code) ? codeWords[code] : undefined);
