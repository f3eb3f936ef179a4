/**
 * Refusals in words. The server refuses with a stable code and a sentence of its own. Each
 * feature's words module says in plain words what each of its codes means (its code words, merged
 * for the whole app in app/errorWords.ts and checked against docs/ERRORS.md), and which refusals
 * its screens put in their own words (its refusals); a refusal they do not list keeps the
 * server's sentence.
 */
import { ApiError } from '../api/client';

/** CodeWords say, per refusal code, what happened and what to do next, in words a partner, client or support agent understands. */
export type CodeWords = Record<string, string>;

/** Words put one refusal in words, from what the refusal says (its sentence, details, Retry-After) where that helps. */
export type Words = (error: ApiError, now: number) => string;

/** Refusals say how a feature's screens show the refusals they put in their own words: fixed words, or words built from the refusal. */
export type Refusals = Record<string, string | Words>;

/** serverSays keeps the server's sentence: it already says what happened, naming the number or state involved. */
export const serverSays: Words = (error) => error.message;

/** serverSaysAnd adds what to do next to the server's sentence. */
export const serverSaysAnd =
  (advice: string): Words =>
  (error) =>
    `${error.message.replace(/\s*$/, '')} ${advice}`;

/** roleMayNot keeps the server's sentence of a refusal by role, and says the role may not do this when it has none of its own. */
export const roleMayNot: Words = (error) =>
  error.message && error.message !== 'You are not allowed to do this.' ? error.message : 'Your role may not do this.';

/** refusalWords are the words the screens show for a refusal, or undefined when they keep the server's sentence. */
export function refusalWords(refusals: Refusals, error: ApiError, now = Date.now()): string | undefined {
  const words = error.code ? refusals[error.code] : undefined;
  return typeof words === 'function' ? words(error, now) : words;
}

// A wrong one-time code answers 422 with the attempts left in a detail.
const wrongCode = /^code: is not correct \((\d+) attempts? left\)$/;

/**
 * explainRefusal returns a failed call with its words for a person: the screens' words for the
 * refusal code, a wrong code with the attempts left, the server's details otherwise. Anything
 * that is not an ApiError (the network) is returned as it is.
 */
export function explainRefusal(refusals: Refusals, error: unknown, now = Date.now()): unknown {
  if (!(error instanceof ApiError)) return error;
  const wrong = error.details.map((line) => wrongCode.exec(line)).find((match) => match !== null);
  if (wrong) {
    const left = Number(wrong[1]);
    return new ApiError(
      `That code is not right. ${left === 1 ? 'One attempt is left' : `${left} attempts are left`} before the migration fails.`,
      error.status,
      [],
      error.code,
      error.retryAfter,
    );
  }
  const words = error.code ? refusals[error.code] : undefined;
  if (!words) return error;
  // The words cover the details ("two_step_disabled: …", "blocked_until: …").
  return new ApiError(typeof words === 'function' ? words(error, now) : words, error.status, [], error.code, error.retryAfter);
}

/**
 * explainer gives a feature its explain (a failure put in the feature's words, see explainRefusal)
 * and explained (a call whose failure is put in them).
 */
export function explainer(refusals: Refusals) {
  const explain = (error: unknown, now = Date.now()): unknown => explainRefusal(refusals, error, now);
  async function explained<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      throw explain(error);
    }
  }
  return { explain, explained };
}
