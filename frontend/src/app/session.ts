import { useSyncExternalStore } from 'react';
import { createApi, type Session, type SessionUser, unwrap } from '../api/client';

/** SessionState is what the UI knows about who is signed in. */
export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: SessionUser; mustChangePassword: boolean };

/** SignedIn is the session state of a signed-in user. */
export type SignedIn = Extract<SessionState, { status: 'signed-in' }>;

let state: SessionState = { status: 'restoring' };
// The access token lives only in this variable: never in storage a script could read later.
let accessToken: string | null = null;
let renewal: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function publish(next: SessionState, token: string | null) {
  state = next;
  accessToken = token;
  listeners.forEach((notify) => notify());
}

// The schema leaves every answer field optional; the server always sends the user and token.
function begin(session: Session) {
  publish(
    { status: 'signed-in', user: session.user!, mustChangePassword: session.must_change_password === true },
    session.access_token!,
  );
}

function end() {
  publish({ status: 'signed-out' }, null);
}

// The refresh and logout endpoints require the CSRF cookie's value echoed in a header.
function csrfParams() {
  const match = document.cookie.match(/(?:^|;\s*)ph_csrf=([^;]*)/);
  return { header: { 'X-CSRF-Token': match ? decodeURIComponent(match[1]) : '' } };
}

/** api is the client every screen uses; it carries the session's token. */
export const api = createApi({ accessToken: () => accessToken, refresh });

/**
 * refresh renews the session from the refresh cookie; concurrent callers share one request.
 * It runs at start-up to restore a session after a reload, and when a call answers 401.
 */
export function refresh(): Promise<boolean> {
  renewal ??= api
    .POST('/api/v2/auth/refresh', { params: csrfParams() })
    .then(({ data }) => data)
    .catch(() => undefined)
    .then((session) => {
      if (session) begin(session);
      else end();
      return session !== undefined;
    })
    .finally(() => {
      renewal = null;
    });
  return renewal;
}

/** login signs in with email and password; it throws an ApiError when refused. */
export async function login(email: string, password: string): Promise<void> {
  begin(await unwrap(api.POST('/api/v2/auth/login', { body: { email, password } })));
}

/** changePassword sets a new password; the server answers with a new session. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  begin(
    await unwrap(
      api.POST('/api/v2/auth/password', { body: { current_password: currentPassword, new_password: newPassword } }),
    ),
  );
}

/** logout ends the session on the server and forgets it here, even if the server is unreachable. */
export async function logout(): Promise<void> {
  await api.POST('/api/v2/auth/logout', { params: csrfParams() }).catch(() => undefined);
  end();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** useSession follows the session state. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state);
}

/** useSignedIn returns the signed-in session; only screens behind the session guard call it. */
export function useSignedIn(): SignedIn {
  const session = useSession();
  if (session.status !== 'signed-in') throw new Error('useSignedIn used outside a signed-in route');
  return session;
}
