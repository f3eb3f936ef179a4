import { vi } from 'vitest';
import type { Session, SessionUser } from '../api/client';
import { refresh } from '../app/session';

type Handler = (request: Request) => Response | Promise<Response>;

/** json answers with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** failure answers with the API's error envelope. */
export function failure(status: number, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { meta: { success: false, http_code: status, developer_message: message, code: 'x' } }, headers);
}

/** sessionFor builds the session answer the server gives a user of the role. */
export function sessionFor(role: string, mustChangePassword = false, token = `token-${role}`): Session {
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: 900,
    must_change_password: mustChangePassword,
    user: { id: `u-${role}`, email: `${role}@example.com`, name: `A ${role}`, role: role as SessionUser['role'], partner_id: 'p1PA', client_id: '' },
  };
}

/**
 * fakeServer replaces fetch with handlers keyed by "METHOD /api/v2/path"; an unknown route is a 404.
 * It returns the mock so tests can inspect the requests.
 */
export function fakeServer(routes: Record<string, Handler>) {
  const fetchMock = vi.fn(async (request: Request) => {
    const route = routes[`${request.method} ${new URL(request.url).pathname}`];
    // The handler gets a copy, so the recorded request's body can still be read by the test.
    return route ? route(request.clone()) : failure(404, 'not found');
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** signInAs restores a session for a user of the role with the given partner and client. */
export async function signInAs(role: string, ids: { partner_id?: string; client_id?: string } = {}) {
  const session = sessionFor(role);
  session.user = { ...session.user!, partner_id: ids.partner_id ?? '', client_id: ids.client_id ?? '' };
  vi.stubGlobal('fetch', async () => json(200, session));
  await refresh();
}

/** bodiesOf returns the JSON bodies of the requests the server got for "METHOD /path". */
export async function bodiesOf(fetchMock: ReturnType<typeof fakeServer>, route: string): Promise<unknown[]> {
  const requests = fetchMock.mock.calls
    .map((call) => call[0] as Request)
    .filter((request) => `${request.method} ${new URL(request.url).pathname}` === route);
  return Promise.all(requests.map((request) => request.clone().text().then((text) => (text ? JSON.parse(text) : undefined))));
}

/** queriesOf returns the URL parameters of the requests the server got for "METHOD /path". */
export function queriesOf(fetchMock: ReturnType<typeof fakeServer>, route: string): Record<string, string>[] {
  return fetchMock.mock.calls
    .map((call) => call[0] as Request)
    .filter((request) => `${request.method} ${new URL(request.url).pathname}` === route)
    .map((request) => Object.fromEntries(new URL(request.url).searchParams));
}
