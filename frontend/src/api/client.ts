import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** Api is the typed client for the PartnerHub JSON API. */
export type Api = Client<paths>;

/** Session is the answer of login, refresh and password change. */
export type Session = paths['/api/v2/auth/login']['post']['responses'][200]['content']['application/json'];

/** SessionUser is the signed-in user as the session answers describe it. */
export type SessionUser = NonNullable<Session['user']>;

/** Credentials is what the client needs from the session: the in-memory token and a way to renew it. */
export interface Credentials {
  accessToken(): string | null;
  /** refresh renews the access token from the refresh cookie and says whether a session remains. */
  refresh(): Promise<boolean>;
}

/** ErrorEnvelope is the body of every failed API call. */
export interface ErrorEnvelope {
  meta?: { http_code?: number; developer_message?: string; details?: string[]; code?: string };
}

/** ApiError is a failed call put in words a person can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: string[] = [],
    readonly code?: string,
    /** retryAfter is how many seconds a throttled caller must wait, when the server said. */
    readonly retryAfter?: number,
    /** generic says the message only names the kind of failure (by its status): the server sent no sentence of its own. */
    readonly generic = false,
  ) {
    super(message);
  }
}

const wordsByStatus: Record<number, string> = {
  400: 'The request was not understood.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'This could not be found.',
  409: 'This conflicts with something that already exists.',
  422: 'Some values are not valid.',
};

/** toApiError turns an error envelope and its response into an ApiError. */
export function toApiError(error: unknown, response: Response): ApiError {
  const meta = (error as ErrorEnvelope | undefined)?.meta;
  if (response.status === 429) {
    const header = response.headers.get('Retry-After');
    const seconds = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
    return new ApiError(`Too many attempts, try again in ${seconds ?? 'a few'} seconds.`, 429, meta?.details ?? [], meta?.code, seconds);
  }
  const words =
    meta?.developer_message ||
    wordsByStatus[response.status] ||
    'The server could not finish this. Please try again.';
  return new ApiError(words, response.status, meta?.details ?? [], meta?.code, undefined, !meta?.developer_message);
}

/** unwrap returns the data of a successful call and throws an ApiError otherwise. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(error, response);
  return data as T;
}

// The cookie-session endpoints answer 401 for their own reasons; renewing on their behalf
// would loop (refresh) or hide the answer (login, logout).
const cookieSessionPaths = new Set(['/api/v2/auth/login', '/api/v2/auth/refresh', '/api/v2/auth/logout']);

/**
 * bearerMiddleware attaches the access token and, when a call answers 401, renews the session
 * once and retries the call once.
 */
function bearerMiddleware(credentials: Credentials): Middleware {
  // A request's body is consumed when it is sent, so keep an unsent copy for the retry.
  const unsent = new WeakMap<Request, Request>();
  const authorize = (request: Request) => {
    const token = credentials.accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  };
  return {
    onRequest({ request, schemaPath }) {
      if (!cookieSessionPaths.has(schemaPath)) unsent.set(request, request.clone());
      return authorize(request);
    },
    async onResponse({ request, response, options }) {
      const copy = unsent.get(request);
      unsent.delete(request);
      if (response.status !== 401 || !copy || !(await credentials.refresh())) return response;
      return options.fetch(authorize(copy));
    },
  };
}

/** createApi builds a client bound to the given session credentials. */
export function createApi(credentials: Credentials, baseUrl = window.location.origin): Api {
  // fetch is looked up per call so a replaced global (tests, polyfills) is honoured.
  const client = createClient<paths>({ baseUrl, fetch: (request) => fetch(request) });
  client.use(bearerMiddleware(credentials));
  return client;
}
