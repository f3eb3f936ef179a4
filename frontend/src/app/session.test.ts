import { beforeEach, describe, expect, it } from 'vitest';
import { failure, fakeServer, json, sessionFor } from '../test/fakeServer';
import { api, login, logout, refresh } from './session';

const meta = { meta: { success: true, http_code: 200 } };

describe('session', () => {
  beforeEach(() => {
    document.cookie = 'ph_csrf=csrf%2Bvalue';
  });

  it('renews from the refresh cookie with the CSRF header, sharing one request between callers', async () => {
    const fetchMock = fakeServer({ 'POST /api/v2/auth/refresh': () => json(200, sessionFor('client_admin')) });
    const results = await Promise.all([refresh(), refresh()]);
    expect(results).toEqual([true, true]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const request = fetchMock.mock.calls[0][0];
    expect(request.headers.get('X-CSRF-Token')).toBe('csrf+value');
  });

  it('keeps the access token in memory only', async () => {
    const fetchMock = fakeServer({
      'POST /api/v2/auth/login': () => json(200, sessionFor('partner_admin', false, 'secret-token')),
      'GET /api/v2/me': () => json(200, sessionFor('partner_admin').user),
    });
    await login('partner_admin@example.com', 'password-long-enough');
    await api.GET('/api/v2/me', {});
    expect(fetchMock.mock.calls[1][0].headers.get('Authorization')).toBe('Bearer secret-token');
    const stored = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    expect(stored).not.toContain('secret-token');
  });

  it('forgets the token on logout', async () => {
    const fetchMock = fakeServer({
      'POST /api/v2/auth/login': () => json(200, sessionFor('partner_admin', false, 'secret-token')),
      'POST /api/v2/auth/logout': () => json(200, meta),
      'GET /api/v2/me': () => failure(401, 'no token'),
      'POST /api/v2/auth/refresh': () => failure(401, 'no session'),
    });
    await login('partner_admin@example.com', 'password-long-enough');
    await logout();
    expect(fetchMock.mock.calls[1][0].headers.get('X-CSRF-Token')).toBe('csrf+value');
    await api.GET('/api/v2/me', {});
    expect(fetchMock.mock.calls[2][0].headers.get('Authorization')).toBeNull();
  });
});
