// Browser tests of the partner, portal and operator screens against a real demo server:
// the partner admin works a client's running number end to end (profile, webhook, local storage
// with a code read by the operator from the simulator inbox, cancellation), the client admin sees
// the same number in the portal, and the operator edits a partner and approves a limit raise.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { nav, shot, useHub } from './kit.mjs';

const phone = '+4915112345001';

const hub = useHub();

const loginOf = (email) => hub.loginOf(email);

const newPage = () => hub.newPage({ acceptDownloads: true });

// signIn signs in through the login form and returns the session (with its access token).
const signIn = (page, email) => hub.signIn(page, email);

// call is a direct API call with a session's token, for set-up and for checking the server's own refusals.
async function call(session, method, path, body) {
  const response = await fetch(`${hub.server.base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${session.access_token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

// nav follows a link of the main navigation.

// The channel page opened by the partner admin, kept across the steps below.
let partnerPage;
let partnerSession;
let channelUrl;

describe('partner admin, client portal and operator screens', () => {
  test('partner admin finds a client by search and opens its running number', async () => {
    partnerPage = await newPage();
    const page = partnerPage;
    partnerSession = await signIn(page, 'admin@acme-messaging.example');
    await nav(page, 'Clients');
    const clients = page.getByRole('table', { name: 'Clients' });
    await clients.getByRole('link', { name: 'Contoso Clinics' }).waitFor();
    await clients.getByRole('link', { name: 'Bluebird Bakery' }).waitFor();

    await page.getByRole('searchbox', { name: 'Search clients' }).fill('Bluebird');
    await clients.getByRole('link', { name: 'Contoso Clinics' }).waitFor({ state: 'detached' });
    assert.match(page.url(), /[?&]q=Bluebird/);
    await shot(page, 'partner-clients');

    // The export holds the current filtered result.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^clients-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    assert.match(csv[0], /^id,name,organisation,status,plan,/);
    assert.equal(csv.filter((line) => line !== '').length, 2, csv.join('\n'));
    assert.match(csv[1], /,Bluebird Bakery,Bluebird Bakery Ltd,active,premium,/);
    await page.getByText('Exported 1 client.').waitFor();

    await clients.getByRole('link', { name: 'Bluebird Bakery' }).click();
    await page.getByRole('heading', { level: 2, name: 'Bluebird Bakery' }).waitFor();
    const numbers = page.getByRole('table', { name: 'Numbers of this client' });
    for (const number of [phone, '+4915112345002', '+4915112345003']) await numbers.getByRole('link', { name: number }).waitFor();
    await shot(page, 'partner-client-detail');

    await numbers.getByRole('link', { name: phone }).click();
    await page.getByRole('heading', { level: 2, name: phone }).waitFor();
    await page.getByText('Running', { exact: true }).first().waitFor();
    channelUrl = page.url();
    assert.match(new URL(channelUrl).pathname, /^\/partner\/channels\/\w+CH$/);
  });

  test('the profile editor refuses a too-long "about" live, on a forced submit, and on the server', async () => {
    const page = partnerPage;
    const patches = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().endsWith('/profile')) patches.push(request.url());
    });
    const about = page.getByRole('textbox', { name: 'About', exact: true });
    await about.fill('a'.repeat(140));
    await page.getByText('About can be at most 139 characters (140 now).').waitFor();
    await page.getByText('140 / 139 characters').waitFor();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Some fields break the limits; fix the marked fields and save again.').waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(patches, [], 'an invalid profile must not be sent');

    // The server keeps the same limit for callers that bypass the form.
    const channelId = new URL(channelUrl).pathname.split('/').pop();
    const channel = await call(partnerSession, 'GET', `/api/v2/partners/${partnerSession.user.partner_id}/channels/${channelId}`);
    const refused = await call(
      partnerSession,
      'PATCH',
      `/api/v2/partners/${partnerSession.user.partner_id}/clients/${channel.body.client_id}/channels/${channelId}/profile`,
      { about_text: 'a'.repeat(140) },
    );
    assert.equal(refused.status, 422);
    assert.ok(refused.body.meta.details.some((detail) => /about_text: must be at most 139 characters/.test(detail)), JSON.stringify(refused.body));

    await about.fill('Fresh bread daily, baked in Berlin.');
    await page.getByRole('textbox', { name: 'Website 1' }).fill('https://bluebird.example');
    await page.getByRole('combobox', { name: 'Business vertical' }).selectOption('Food and Grocery');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Business profile saved.').waitFor();
    assert.equal(patches.length, 1);
    await page.reload();
    await page.getByRole('textbox', { name: 'About', exact: true }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'About', exact: true }).inputValue(), 'Fresh bread daily, baked in Berlin.');
    // Once set, the vertical cannot be emptied: "Not set" is no longer offered.
    assert.ok(!(await page.getByRole('combobox', { name: 'Business vertical' }).textContent()).includes('Not set'));
  });

  test('the profile photo refuses a non-image by its bytes, then uploads a 1×1 PNG and shows it', async () => {
    const page = partnerPage;
    const uploads = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/profile/photo')) uploads.push(request.headers()['content-type']);
    });
    await page.getByText('640×640 recommended', { exact: false }).waitFor();
    const chooser = page.locator('input[type="file"][accept="image/jpeg,image/png"]');
    await chooser.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
    await page.getByText('"fake.png" is not a JPEG or PNG image; choose a .jpg or .png photo.').waitFor();
    assert.deepEqual(uploads, [], 'a non-image must not be sent');

    const onePixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await chooser.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: onePixelPng });
    await page.getByText('Profile photo uploaded.').waitFor();
    assert.deepEqual(uploads, ['image/png']);
    const photo = page.getByRole('img', { name: 'Profile photo' });
    await photo.waitFor();
    // The photo is fetched with the session and shown from its bytes; it loaded as the 1×1 image.
    assert.match(await photo.getAttribute('src'), /^data:image\/png;base64,/);
    await page.waitForFunction(() => document.querySelector('img[alt="Profile photo"]')?.naturalWidth === 1);
    await page.reload();
    await page.getByRole('img', { name: 'Profile photo' }).waitFor();
    await page.getByRole('button', { name: 'Replace photo' }).waitFor();
  });

  test('a webhook URL with an underscore is refused in words; a valid one is saved', async () => {
    const page = partnerPage;
    const url = page.getByRole('textbox', { name: 'Webhook URL' });
    await url.fill('https://my_hooks.example.com/whatsapp');
    await page.getByText('Webhook URL must not have an underscore (_) in the host name.').waitFor();
    await url.fill('https://hooks.example.com/whatsapp');
    await page.getByText('Webhook URL must not have an underscore (_) in the host name.').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText('Webhook saved.').waitFor();
    await page.reload();
    await page.getByRole('textbox', { name: 'Webhook URL' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Webhook URL' }).inputValue(), 'https://hooks.example.com/whatsapp');
  });

  test('local storage in DE on the running number waits for the code the operator reads in the simulator inbox', async () => {
    const page = partnerPage;
    await page.getByRole('combobox', { name: 'Region' }).selectOption('DE');
    await page.getByRole('button', { name: 'Enable local storage' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enter the code' });
    await dialog.waitFor();
    await dialog.getByText(`We sent a 6-digit code by SMS to ${phone}`).waitFor();
    await dialog.getByRole('timer').waitFor();
    await shot(page, 'partner-otp-dialog');

    const operator = await newPage();
    let code;
    try {
      await signIn(operator, 'admin@demo.partnerhub.example');
      await nav(operator, 'Simulator');
      await operator.getByRole('searchbox', { name: 'Phone number' }).fill(phone);
      const inbox = operator.getByRole('table', { name: 'Simulator inbox' });
      const message = inbox.getByRole('row').filter({ hasText: /local storage code is \d{6}/ }).first();
      await message.waitFor();
      await shot(operator, 'operator-simulator');
      code = /code is (\d{6})/.exec(await message.textContent())[1];
    } finally {
      await operator.context().close();
    }

    // A wrong code first: the dialog says how many attempts are left.
    const wrong = code === '000000' ? '111111' : '000000';
    await dialog.getByRole('textbox', { name: 'Code' }).fill(wrong);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText(/attempts left/).waitFor();

    await dialog.getByRole('textbox', { name: 'Code' }).fill(code);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Local storage in Germany (DE) is on.').waitFor();
    await page.getByTestId('storage-region').getByText('Germany (DE)').waitFor();
    await page.reload();
    await page.getByTestId('storage-region').getByText('Germany (DE)').waitFor();
    await shot(page, 'partner-channel-detail');
  });

  test('the partner admin cancels the number, is told messaging works until month end, and reactivates it', async () => {
    const page = partnerPage;
    await page.getByRole('button', { name: 'Cancel number' }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancel number' });
    await confirm.getByText(/Messaging keeps working until the end of the month/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel number' }).click();
    await page.getByText('Cancellation requested', { exact: true }).waitFor();
    await page.getByText(`${phone} is marked for deletion at the end of the month.`).waitFor();

    await page.getByRole('button', { name: 'Reactivate number' }).click();
    const again = page.getByRole('dialog', { name: 'Reactivate number' });
    await again.getByRole('button', { name: 'Reactivate number' }).click();
    await page.getByText(`${phone} is active again.`).waitFor();
    await page.getByRole('button', { name: 'Cancel number' }).waitFor();

    await nav(page, 'Channels');
    const channels = page.getByRole('table', { name: 'Channels' });
    await channels.getByRole('row').filter({ hasText: phone }).getByText('Running').waitFor();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('pending_deletion');
    await channels.getByRole('link', { name: '+4915112345003' }).waitFor();
    await channels.getByRole('link', { name: phone }).waitFor({ state: 'detached' });
    await shot(page, 'partner-channels');

    await nav(page, 'Audit log');
    const audit = page.getByRole('table', { name: 'Audit log' });
    await audit.getByText('channel.webhook_set').waitFor();
    await page.getByRole('searchbox', { name: 'Action' }).fill('channel.status_changed');
    await audit.getByText('channel.webhook_set').waitFor({ state: 'detached' });
    await audit.getByRole('row').filter({ hasText: '"to":"pending_deletion"' }).first().waitFor();
    await audit.getByRole('row').filter({ hasText: '"from":"pending_deletion","to":"running"' }).first().waitFor();
    await shot(page, 'partner-audit-log');
    await partnerPage.context().close();
  });

  test('the client admin sees My numbers and the same number, with its local storage', async () => {
    const page = await newPage();
    try {
      await signIn(page, 'admin@bluebird-bakery.example');
      await nav(page, 'My numbers');
      const numbers = page.getByRole('table', { name: 'My numbers' });
      for (const number of [phone, '+4915112345002', '+4915112345003']) await numbers.getByRole('link', { name: number }).waitFor();
      assert.equal(await numbers.getByText('Contoso', { exact: false }).count(), 0);
      await shot(page, 'portal-numbers');
      await numbers.getByRole('link', { name: phone }).click();
      await page.getByRole('heading', { level: 2, name: phone }).waitFor();
      await page.getByTestId('storage-region').getByText('Germany (DE)').waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'About', exact: true }).inputValue(), 'Fresh bread daily, baked in Berlin.');
      await page.getByRole('button', { name: 'Cancel number' }).waitFor();
      await shot(page, 'portal-channel');
    } finally {
      await page.context().close();
    }
  });

  test("the operator edits a partner's plan and approves a limit-raise request", async () => {
    // Set-up through the API, as the partner admin: a limit-raise request for Bluebird's WABA.
    const partnerId = partnerSession.user.partner_id;
    const clients = await call(partnerSession, 'GET', `/api/v2/partners/${partnerId}/clients?q=Bluebird`);
    const clientId = clients.body.clients[0].id;
    const wabas = await call(partnerSession, 'GET', `/api/v2/partners/${partnerId}/clients/${clientId}/waba_accounts`);
    const wabaId = wabas.body.waba_accounts[0].id;
    const created = await call(partnerSession, 'POST', `/api/v2/partners/${partnerId}/clients/${clientId}/waba_accounts/${wabaId}/limit_raise_requests`, {
      reason: 'Opening 40 branch numbers',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const page = await newPage();
    try {
      await signIn(page, 'admin@demo.partnerhub.example');
      await nav(page, 'Partners');
      await page.getByRole('table', { name: 'Partners' }).getByRole('link', { name: 'Acme Messaging' }).click();
      await page.getByRole('heading', { level: 2, name: 'Acme Messaging' }).waitFor();
      await page.getByRole('combobox', { name: 'Plan' }).selectOption('premium');
      await page.getByRole('combobox', { name: 'Tier' }).selectOption('gold');
      await page.getByRole('button', { name: 'Save partner' }).click();
      await page.getByText('Partner saved.').waitFor();
      await shot(page, 'operator-partner-edit');
      await page.reload();
      await page.getByRole('combobox', { name: 'Plan' }).waitFor();
      assert.equal(await page.getByRole('combobox', { name: 'Plan' }).inputValue(), 'premium');
      assert.equal(await page.getByRole('combobox', { name: 'Tier' }).inputValue(), 'gold');

      await nav(page, 'Limit requests');
      await page.getByRole('combobox', { name: 'Status' }).selectOption('pending');
      await page.getByRole('button', { name: `Approve request ${created.body.id}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Approve the request' });
      await dialog.getByRole('textbox', { name: 'Note (optional)' }).fill('Business verified');
      await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('combobox', { name: 'Status' }).selectOption('approved');
      const row = page.getByRole('table', { name: 'Limit-raise requests' }).getByRole('row').filter({ hasText: wabaId });
      await row.getByText('Approved').waitFor();
      await row.getByText(/Business verified/).waitFor();
      await shot(page, 'operator-limit-requests');
    } finally {
      await page.context().close();
    }
    const after = await call(partnerSession, 'GET', `/api/v2/partners/${partnerId}/clients/${clientId}/waba_accounts`);
    assert.equal(after.body.waba_accounts[0].number_limit, 120);
  });
});
