import { describe, expect, it, vi } from 'vitest';
import { failure, fakeServer, json } from '../test/fakeServer';
import { daysFromNow } from '../test/now';
import { ApiError, createApi, toApiError } from './client';

const partner = { id: 'p1PA', brand_name: 'Acme', country: 'DE', partner_plan: 'growth', partner_tier: 'gold', billing_model: 'direct_payment', created_at: daysFromNow(-180) };

// A session whose token is renewed to "fresh" by a successful refresh.
function session(renews: boolean) {
  let token = 'stale';
  const refresh = vi.fn(async () => {
    if (renews) token = 'fresh';
    return renews;
  });
  return { refresh, api: createApi({ accessToken: () => token, refresh }, 'http://hub.test') };
}

const bearerOf = (call: unknown[]) => (call[0] as Request).headers.get('Authorization');

describe('API client', () => {
  it('sends the in-memory token as a Bearer header', async () => {
    const fetchMock = fakeServer({ 'GET /api/v2/partners/p1PA': () => json(200, partner) });
    const { api } = session(true);
    const { data } = await api.GET('/api/v2/partners/{partner_id}', { params: { path: { partner_id: 'p1PA' } } });
    expect(data?.brand_name).toBe('Acme');
    expect(bearerOf(fetchMock.mock.calls[0])).toBe('Bearer stale');
  });

  it('on 401 renews the session once and retries the call with its body and the new token', async () => {
    const fetchMock = fakeServer({
      'POST /api/v2/partners': async (request) =>
        request.headers.get('Authorization') === 'Bearer fresh'
          ? json(201, { ...partner, ...(await request.json()) })
          : failure(401, 'token expired'),
    });
    const { api, refresh } = session(true);
    const body = { brand_name: 'Beta', country: 'FR', partner_plan: 'sandbox', partner_tier: 'none', billing_model: 'partner_payment' } as const;
    const { data, response } = await api.POST('/api/v2/partners', { body });
    expect(response.status).toBe(201);
    expect(data?.brand_name).toBe('Beta');
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls.map(bearerOf)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('gives up after one retry when the renewed token is refused too', async () => {
    const fetchMock = fakeServer({ 'GET /api/v2/partners': () => failure(401, 'no') });
    const { api, refresh } = session(true);
    const { error, response } = await api.GET('/api/v2/partners', {});
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ meta: { developer_message: 'no' } });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('does not retry when the session cannot be renewed', async () => {
    const fetchMock = fakeServer({ 'GET /api/v2/partners': () => failure(401, 'no') });
    const { api, refresh } = session(false);
    const { response } = await api.GET('/api/v2/partners', {});
    expect(response.status).toBe(401);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('never renews on behalf of the cookie-session endpoints themselves', async () => {
    const fetchMock = fakeServer({
      'POST /api/v2/auth/login': () => failure(401, 'wrong'),
      'POST /api/v2/auth/refresh': () => failure(401, 'no session'),
    });
    const { api, refresh } = session(true);
    expect((await api.POST('/api/v2/auth/login', { body: { email: 'a@b.co', password: 'x' } })).response.status).toBe(401);
    expect((await api.POST('/api/v2/auth/refresh', { params: { header: { 'X-CSRF-Token': 'c' } } })).response.status).toBe(401);
    expect(refresh).not.toHaveBeenCalled();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});

describe('toApiError', () => {
  it('tells a throttled user how long to wait', () => {
    const error = toApiError({}, new Response(null, { status: 429, headers: { 'Retry-After': '42' } }));
    expect(error.message).toBe('Too many attempts, try again in 42 seconds.');
  });

  it('uses the server words and details, else words for the status', () => {
    const envelope = { meta: { developer_message: 'Brand name is taken.', details: ['brand_name: taken'], code: 'conflict' } };
    expect(toApiError(envelope, new Response(null, { status: 409 }))).toEqual(
      new ApiError('Brand name is taken.', 409, ['brand_name: taken'], 'conflict'),
    );
    expect(toApiError(undefined, new Response(null, { status: 403 })).message).toBe('You are not allowed to do this.');
    expect(toApiError('oops', new Response(null, { status: 502 })).message).toMatch(/please try again/i);
  });
});
