// Browser tests: every demo role signs in through the UI against a real server and lands in its area.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshots, useHub } from './kit.mjs';

const areas = {
  platform_admin: ['/operator', 'Operator console'],
  support_agent: ['/operator', 'Operator console'],
  partner_admin: ['/partner', 'Partner admin'],
  partner_member: ['/partner', 'Partner admin'],
  client_admin: ['/portal', 'Client portal'],
  client_member: ['/portal', 'Client portal'],
};

const hub = useHub();

const newPage = () => hub.newPage({ viewport: { width: 1280, height: 800 } });

// field finds an input by its label's exact words (a password input's visibility toggle shares the label).
const field = (page, label) => page.getByRole('textbox', { name: label, exact: true });

// signIn fills the login form and returns the server's session answer.
async function signIn(page, { email, password }) {
  await page.goto(`${hub.server.base}/login`);
  await field(page, 'Email').fill(email);
  await field(page, 'Password').fill(password);
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/v2/auth/login'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const session = await (await answer).json();
  assert.ok(session.access_token, `login of ${email} refused: ${JSON.stringify(session)}`);
  return session;
}

async function expectArea(page, role) {
  const [prefix, title] = areas[role];
  await page.waitForURL((url) => url.pathname.startsWith(prefix));
  await page.getByRole('heading', { level: 1, name: new RegExp(title) }).waitFor();
}

describe('PartnerHub in a browser', () => {
  test('the demo prints a login for every role', () => {
    assert.deepEqual(
      hub.server.logins.map((login) => login.role),
      ['platform_admin', 'support_agent', 'partner_admin', 'partner_member', 'client_admin', 'client_member', 'partner_admin', 'client_admin'],
    );
  });

  test('each role signs in, lands in its own area, is kept out of the others, and logs out', async (t) => {
    const seen = new Set();
    for (const login of hub.server.logins) {
      const name = seen.has(login.role) ? `${login.role}-2` : login.role;
      seen.add(login.role);
      await t.test(name, async () => {
        const page = await newPage();
        try {
          await signIn(page, login);
          await expectArea(page, login.role);
          await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });
          const otherArea = areas[login.role][0] === '/operator' ? '/portal' : '/operator';
          await page.goto(`${hub.server.base}${otherArea}`);
          await expectArea(page, login.role);
          await page.getByRole('button', { name: 'Log out' }).click();
          await page.waitForURL('**/login');
        } finally {
          await page.context().close();
        }
      });
    }
  });

  test('a wrong password is refused in words', async () => {
    const page = await newPage();
    try {
      await page.goto(`${hub.server.base}/login`);
      await field(page, 'Email').fill(hub.server.logins[4].email);
      await field(page, 'Password').fill('certainly not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('The email or password is not right.').waitFor();
      assert.equal(new URL(page.url()).pathname, '/login');
    } finally {
      await page.context().close();
    }
  });

  test('a reload keeps the session, and no token is kept in web storage', async () => {
    const login = hub.server.logins[5];
    const page = await newPage();
    try {
      const session = await signIn(page, login);
      await expectArea(page, login.role);
      await page.reload();
      await expectArea(page, login.role);
      await page.getByText(login.email, { exact: true }).waitFor();

      const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
      assert.ok(!storage.includes(session.access_token), `token found in web storage: ${storage}`);
      assert.doesNotMatch(storage, /token/i);
      const refresh = (await page.context().cookies()).find((cookie) => cookie.name === 'ph_refresh');
      assert.ok(refresh?.httpOnly, 'the refresh cookie must be httpOnly');
      assert.ok(!(await page.evaluate(() => document.cookie)).includes('ph_refresh'));
    } finally {
      await page.context().close();
    }
  });

  test('the first admin must replace the one-time password before anything else', async () => {
    assert.ok(hub.server.firstAdmin, 'the server printed no "first admin:" line with a one-time password');
    const page = await newPage();
    try {
      const { password } = hub.server.firstAdmin;
      assert.equal((await signIn(page, hub.server.firstAdmin)).must_change_password, true);
      await page.waitForURL('**/account/password');
      await page.goto(`${hub.server.base}/operator/partners`);
      await page.waitForURL('**/account/password');

      await field(page, 'Current password').fill(password);
      await field(page, 'New password').fill('too short');
      await page.getByText('Use at least 12 characters (9 so far).').waitFor();
      await field(page, 'New password').fill(`${password}-renewed`);
      await field(page, 'Repeat new password').fill(`${password}-renewed`);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expectArea(page, 'platform_admin');
      await page.getByRole('link', { name: 'Partners' }).click();
      await page.getByRole('table', { name: 'Partners' }).waitFor();
    } finally {
      await page.context().close();
    }
  });
});
