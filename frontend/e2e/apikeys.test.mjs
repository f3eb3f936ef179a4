// Browser tests of API keys against a real demo server, each key checked by using it: the
// partner admin of Acme Messaging (partner payment) generates a channel key, copies it from the
// show-once dialog and calls the Messaging API with it, rotates without grace so the old key is
// refused, and creates a partner API key in the settings (password entered again) that the Partner
// API accepts. On Globex Connect (direct payment) the client admin of Initech Travel shares the key
// permission, the partner generates a key through the API, the client withdraws the permission in
// the portal after the warning, the partner's key is refused, and the client generates its own.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nav, shot, useHub } from './kit.mjs';

const bakeryPhone = '+4915112345001';
const initechPhone = '+5511987650001';

const hub = useHub();

const loginOf = (email) => hub.loginOf(email);

// The page may read the clipboard, so the test copies keys the way a person does.
const newPage = () => hub.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });

const signIn = (page, email) => hub.signIn(page, email);

// apiLogin signs in without a browser, as an integration would.
async function apiLogin(email) {
  const response = await fetch(`${hub.server.base}/api/v2/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: loginOf(email).password }),
  });
  assert.equal(response.status, 200, `login of ${email}`);
  return response.json();
}

async function call(method, path, headers = {}, body) {
  const response = await fetch(`${hub.server.base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

// healthWith calls the Messaging API with a channel key and returns the HTTP status.
const healthWith = async (key) => (await call('GET', '/health_status', { 'D360-API-KEY': key })).status;

// A key is "<prefix>_<32 random><6 checksum>"; its hint is the last four random characters.
const hintOf = (key) => key.slice(32, 36);

/**
 * copyFromDialog copies the key from the show-once dialog with its button, reads it from the
 * clipboard, checks it is the key the dialog shows, closes the dialog and checks that the page
 * no longer holds it.
 */
async function copyFromDialog(page, title) {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByText(/^You will not see this API key again\./).waitFor();
  await dialog.getByRole('button', { name: 'Copy to clipboard' }).click();
  await dialog.getByText('Copied to the clipboard.').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, (await dialog.getByTestId('secret-value').textContent()).trim());
  return {
    key: copied,
    dialog,
    close: async () => {
      await dialog.getByRole('button', { name: 'Done, close' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.ok(!(await page.content()).includes(copied), 'the key is still in the page after its dialog closed');
    },
  };
}

const keyCard = (page) => page.locator('.mantine-Paper-root').filter({ has: page.getByRole('heading', { name: 'API key', exact: true }) });

let acmePage;
let firstKey;

describe('channel keys and partner API keys', () => {
  test('the partner admin generates a channel key, copies it, and the Messaging API accepts it', async () => {
    acmePage = await newPage();
    const page = acmePage;
    await signIn(page, 'admin@acme-messaging.example');
    await nav(page, 'Channels');
    await page.getByRole('table', { name: 'Channels' }).getByRole('link', { name: bakeryPhone }).click();
    await page.getByRole('heading', { level: 2, name: bakeryPhone }).waitFor();
    const card = keyCard(page);
    await card.getByText('This number has no API key yet.').waitFor();

    await card.getByRole('button', { name: 'Generate key' }).click();
    const ask = page.getByRole('dialog', { name: 'Generate key' });
    await ask.getByRole('button', { name: 'Generate key' }).click();
    const { key, dialog, close } = await copyFromDialog(page, 'Your new API key');
    assert.match(key, /^phc_[0-9A-Za-z]{38}$/);
    assert.equal(await dialog.getByLabel('Address', { exact: true }).textContent(), hub.server.base);
    assert.ok((await dialog.getByLabel('App ID', { exact: true }).textContent()).trim() !== '', 'no app id in the dialog');
    await shot(page, 'partner-channel-key-dialog');
    await close();

    assert.equal(await healthWith(key), 200, 'the new key is accepted');
    await card.getByTestId('current-key').getByText(hintOf(key)).waitFor();
    firstKey = key;
  });

  test('rotating without grace stops the old key at once; the history shows it revoked', async () => {
    const page = acmePage;
    const first = firstKey;
    const card = keyCard(page);
    await card.getByRole('button', { name: 'Rotate key' }).click();
    const ask = page.getByRole('dialog', { name: 'Rotate key' });
    assert.ok(await ask.getByRole('radio', { name: 'No grace period' }).isChecked(), 'no grace is the default');
    await ask.getByText(/stops working the moment the new key is created/).waitFor();
    await ask.getByRole('radio', { name: '24 hours' }).check();
    await ask.getByText(/keeps working for 24 hours next to the new one/).waitFor();
    await ask.getByRole('radio', { name: 'No grace period' }).check();
    await ask.getByRole('button', { name: 'Generate key' }).click();
    const { key: second, dialog, close } = await copyFromDialog(page, 'Your new API key');
    await dialog.getByText('The previous key has stopped working.').waitFor();
    await close();
    assert.notEqual(second, first);

    // One server: revocation is in effect when the rotation answers.
    assert.equal(await healthWith(first), 401, 'the old key is refused at once');
    assert.equal(await healthWith(second), 200, 'the new key is accepted');

    const history = page.getByRole('table', { name: 'API key history' });
    const oldRow = history.getByRole('row').filter({ hasText: hintOf(first) });
    await oldRow.getByText('Revoked', { exact: true }).waitFor();
    await oldRow.getByText(/replaced by a new key/).waitFor();
    await history.getByRole('row').filter({ hasText: hintOf(second) }).getByText('Active', { exact: true }).waitFor();
    await shot(page, 'partner-channel-keys');
  });

  test('the partner admin creates a partner API key with the password, and the Partner API accepts it', async () => {
    const page = acmePage;
    const session = await apiLogin('admin@acme-messaging.example');
    const partnerId = session.user.partner_id;
    await nav(page, 'Settings');
    await page.getByRole('link', { name: 'Manage API keys' }).click();
    await page.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();

    await page.getByRole('textbox', { name: /^Name/ }).fill('E2E CRM');
    const allowlist = page.getByRole('textbox', { name: /^Allowed IP addresses/ });
    await allowlist.fill('127.0.0.1\n127.0.0.0/33');
    await page.getByText('Line 2: /33 is not a prefix length for IPv4: use a whole number from 0 to 32.').waitFor();
    await allowlist.fill('127.0.0.1\n::1');
    const password = page.getByLabel(/^Your password/);
    await password.fill('not-my-password');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('This is not your current password.').waitFor();
    await password.fill(loginOf('admin@acme-messaging.example').password);
    await page.getByRole('button', { name: 'Create key' }).click();

    const { key, close } = await copyFromDialog(page, 'Your new partner API key');
    assert.match(key, /^php_[0-9A-Za-z]{38}$/);
    await close();

    const answer = await call('GET', `/api/v2/partners/${partnerId}`, { 'X-API-Key': key });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.id, partnerId);
    assert.equal(answer.body.brand_name, 'Acme Messaging');

    const row = page.getByRole('table', { name: 'Partner API keys' }).getByRole('row').filter({ hasText: 'E2E CRM' });
    await row.getByText(hintOf(key)).waitFor();
    await row.getByText('Full access').waitFor();
    await row.getByText('127.0.0.1/32').waitFor();
    await shot(page, 'partner-api-keys');
    await page.context().close();
  });

  test('a direct-payment client shares the permission, withdraws it after the warning, and generates its own key', async () => {
    const page = await newPage();
    try {
      await signIn(page, 'admin@initech-travel.example');
      await nav(page, 'My numbers');
      await page.getByRole('table', { name: 'My numbers' }).getByRole('link', { name: initechPhone }).click();
      await page.getByRole('heading', { level: 2, name: initechPhone }).waitFor();
      const channelId = new URL(page.url()).pathname.split('/').pop();
      const toggle = page.getByRole('switch', { name: /My partner may generate API keys for this number/ });
      await page.getByText(/^Your partner may not generate API keys for this number\./).waitFor();
      assert.equal(await toggle.isChecked(), false, 'direct payment starts without the permission');

      await toggle.click({ force: true });
      const share = page.getByRole('dialog', { name: 'Share the key permission' });
      await share.getByRole('button', { name: 'Share permission' }).click();
      await page.getByText('Permission shared: your partner can now generate API keys for this number.').waitFor();
      assert.equal(await toggle.isChecked(), true);

      // The partner, through the API, generates a key for the number and uses it.
      const globex = await apiLogin('admin@globex-connect.example');
      const bearer = { Authorization: `Bearer ${globex.access_token}` };
      const keysPath = `/api/v2/partners/${globex.user.partner_id}/channels/${channelId}/api_keys`;
      const issued = await call('POST', keysPath, { ...bearer, 'Idempotency-Key': crypto.randomUUID() }, {});
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const partnerKey = issued.body.api_key;
      assert.equal(await healthWith(partnerKey), 200, 'the partner key is accepted');

      await page.reload();
      const history = page.getByRole('table', { name: 'API key history' });
      await history.getByRole('row').filter({ hasText: hintOf(partnerKey) }).getByText('Partner staff').waitFor();

      await toggle.click({ force: true });
      const withdraw = page.getByRole('dialog', { name: 'Withdraw the key permission' });
      await withdraw.getByText('Every API key your partner generated for this number stops working immediately.').waitFor();
      await shot(page, 'portal-withdraw-permission');
      await withdraw.getByRole('button', { name: 'Withdraw permission' }).click();
      await page.getByText(/^Permission withdrawn: the keys your partner generated for this number no longer work/).waitFor();
      assert.equal(await toggle.isChecked(), false);

      assert.equal(await healthWith(partnerKey), 401, 'the partner key is refused at once');
      const refused = await call('POST', keysPath, { ...bearer, 'Idempotency-Key': crypto.randomUUID() }, {});
      assert.equal(refused.status, 403);
      assert.equal(refused.body.meta.code, 'permission_missing');
      const partnerRow = history.getByRole('row').filter({ hasText: hintOf(partnerKey) });
      await partnerRow.getByText(/key permission withdrawn by the client/).waitFor();

      await page.getByRole('button', { name: 'Generate my key' }).click();
      await page.getByRole('dialog', { name: 'Generate my key' }).getByRole('button', { name: 'Generate key' }).click();
      const { key: own, close } = await copyFromDialog(page, 'Your new API key');
      await close();
      assert.equal(await healthWith(own), 200, 'the client’s own key is accepted');
      await history.getByRole('row').filter({ hasText: hintOf(own) }).getByText('Client', { exact: true }).waitFor();
      await shot(page, 'portal-channel-keys');
    } finally {
      await page.context().close();
    }
  });
});
