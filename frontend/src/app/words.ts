/**
 * Words for the refusals any screen may meet: signing in and the session, what the request itself
 * got wrong, and the generic refusals every feature's calls share (not allowed, not found, a
 * clash, the wrong state, a server failure). The features' own codes have their words in the
 * features' words modules; app/errorWords.ts merges them all.
 */
import type { CodeWords } from '../ui/refusals';

/** appCodeWords say what the refusals of signing in, of the session and of the request itself mean. */
export const appCodeWords = {
  // Signing in and the session
  unauthenticated: 'You are not signed in. Sign in first.',
  invalid_credentials: 'The email or password is wrong. Check both and try again.',
  login_throttled: 'There were too many failed sign-in attempts. Wait a little, then try again.',
  invalid_request: 'The sign-in request was incomplete: it needs an email and password, or a refresh token.',
  invalid_token: 'Your sign-in is no longer valid. Sign in again.',
  token_expired: 'Your sign-in has timed out. Sign in again.',
  session_expired: 'Your session has expired. Sign in again.',
  session_ended: 'Your session has ended: you signed out, your password changed, or your access changed. Sign in again.',
  refresh_token_reused: 'This session was renewed twice, so it was ended to keep your account safe. Sign in again.',
  session_required: 'Only a signed-in person can do this, not an API key. Sign in and try again.',
  password_change_required: 'Change your one-time password first; then you can go on.',
  csrf_failed: 'The request was refused because it did not come from this app’s own page. Reload the page and try again.',
  email_taken: 'An account with this email address already exists. Sign in with it, or use another address.',
  // Any call
  forbidden: 'Your role may not do this.',
  not_found: 'This could not be found. It may have been removed, or it belongs to someone else.',
  conflict: 'This clashes with something that already exists, such as a name or number that is taken.',
  invalid_state: 'This cannot be done in its current state. Reload to see where it stands.',
  invalid_transition: 'This change is not possible from the current state. Reload to see where it stands.',
  concurrent_change: 'Someone changed this at the same moment. Reload the page and try again.',
  rate_limited: 'There were too many requests in a short time. Wait a moment, then try again.',
  internal: 'Something went wrong on our side. Try again in a moment; if it keeps happening, contact support and quote the request id.',
  // The request itself
  validation_failed: 'Some values are not valid. Check the fields named and try again.',
  invalid_list_query: 'The list cannot be filtered or sorted this way. Clear the filters and try again.',
  route_not_found: 'There is no such page or endpoint. Check the address, or reload the app if it was just updated.',
  method_not_allowed: 'This action is not available here. Reload the page; if it keeps happening, contact support.',
  malformed_json: 'The request could not be read. Reload the page and try again.',
  body_required: 'The request arrived without its content. Reload the page and try again.',
  body_too_large: 'What was sent is too large. Send less at once.',
  unreadable_body: 'The upload could not be read. Choose the file again and retry.',
  unsupported_media_type: 'The request was sent in a format the server does not take. Reload the page and try again.',
  wrong_type: 'A value has the wrong type, such as text where a number belongs. Check the fields and try again.',
  duplicate_key: 'The request named the same field twice. Reload the page and try again.',
  key_case_mismatch: 'The request named a field with the wrong capital letters. Reload the page and try again.',
} satisfies CodeWords;
