import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { failure, fakeServer, json, sessionFor } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { refresh } from './session';

const emptyList = { count: 0, total: 0, limit: 20, offset: 0, sort: [], filters: {} };

// signedInAs makes the next session restore answer for a user of the role.
async function signedInAs(role: string, mustChangePassword = false) {
  fakeServer({
    'POST /api/v2/auth/refresh': () => json(200, sessionFor(role, mustChangePassword)),
    'GET /api/v2/partners': () => json(200, { ...emptyList, partners: [] }),
    'GET /api/v2/partners/p1PA/users': () => json(200, { ...emptyList, users: [] }),
  });
  await refresh();
}

const location = () => screen.getByTestId('location').textContent;

describe('role → area routing', () => {
  it.each([
    ['platform_admin', '/operator', 'Operator console'],
    ['support_agent', '/operator', 'Operator console'],
    ['partner_admin', '/partner', 'Partner admin'],
    ['partner_member', '/partner', 'Partner admin'],
    ['client_admin', '/portal', 'Client portal'],
    ['client_member', '/portal', 'Client portal'],
  ])('%s lands in %s', async (role, path, title) => {
    await signedInAs(role);
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: new RegExp(title) })).toBeInTheDocument();
    expect(location()).toBe(path);
  });

  it.each([
    ['partner_admin', '/operator/partners', '/partner'],
    ['client_member', '/partner/users', '/portal'],
    ['support_agent', '/portal/numbers', '/operator'],
  ])('%s opening %s is sent to %s', async (role, path, home) => {
    await signedInAs(role);
    renderApp(path);
    expect(location()).toBe(home);
  });

  it('keeps a user who must change the password on the password screen', async () => {
    await signedInAs('partner_admin', true);
    renderApp('/partner/users');
    expect(location()).toBe('/account/password');
    expect(await screen.findByText('A new password is required')).toBeInTheDocument();
  });

  it('sends a visitor without a session to the login page', async () => {
    fakeServer({ 'POST /api/v2/auth/refresh': () => failure(401, 'no session') });
    await refresh();
    renderApp('/operator');
    expect(location()).toBe('/login');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it.each([
    ['platform_admin', '/operator/partners', 'Create partner', true],
    ['support_agent', '/operator/partners', 'Create partner', false],
    ['partner_admin', '/partner/users', 'Add user', true],
    ['partner_member', '/partner/users', 'Add user', false],
  ])('%s on %s sees the list, and the "%s" form: %s', async (role, path, button, shown) => {
    await signedInAs(role);
    renderApp(path);
    expect(await screen.findByText('Nothing here yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: button }) !== null).toBe(shown);
  });
});
