// Browser tests of Integrated Onboarding played from the partner's side with the npm package
// 360dialog-connect-button itself (1.0.2, its browser build): a small partner site on another
// loopback origin (localhost, while the hub is on 127.0.0.1) uses the package's Dialog360.Connect
// to open the hub's onboarding page in its popup; the popup ends on the partner's redirect page,
// where the package hands the query string to the opener and closes; the opener (the package's
// listener, its own origin only) puts the string in its address, and the package's
// processCallback parses {client, channels, revokedChannels}. The one change from production is
// the base URL, pointed at the hub under test.
//
// 1. A new client of Globex Connect (direct payment) signs up, chooses a plan, accepts the terms,
//    adds a number with a new WABA (the code read from the simulator inbox by the operator),
//    shares it, and the partner receives its client id, the new channel and its state.
// 2. An existing client (Initech Travel) returns, withdraws one number and shares the other: the
//    partner receives the withdrawn one in revoked, and the server holds the new permissions.
// 3. Refusals: a partner without a redirect URL (Acme Messaging) gets the explanatory page, a
//    client of another partner is pointed to a partner change, and a partner that does not let
//    clients add numbers hides the number form with the reason.
// 4. In the client portal, "Add number" runs the same number step in a dialog, also for a client
//    whose partner has no redirect URL (nothing is redirected there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { before, describe, test } from 'node:test';
import { shot, useHub } from './kit.mjs';

const html = 'text/html; charset=utf-8';
const partnerFiles = {
  '/': { type: html, body: readFileSync(new URL('./partner-page/index.html', import.meta.url), 'utf8') },
  '/redirect': { type: html, body: readFileSync(new URL('./partner-page/redirect.html', import.meta.url), 'utf8') },
  // The package's own browser build, as a partner would serve it from its node_modules or a CDN.
  '/connect-button.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('../node_modules/360dialog-connect-button/dist/dialog-connect-button.umd.js', import.meta.url), 'utf8'),
  },
};
const newNumber = '+4915199990001';
const initechPhones = ['+5511987650001', '+5511987650002'];

/**
 * startPartnerSite serves the partner's page and redirect page on a free loopback port. The page
 * gets site.config (hub address, partner id, the query to append) written into its script.
 */
function startPartnerSite() {
  const state = { config: {} };
  const http = createServer((request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    const file = partnerFiles[path];
    if (!file) {
      response.writeHead(404).end('not found');
      return;
    }
    const body = path === '/' ? file.body.replace('/*CONFIG*/ {}', JSON.stringify(state.config)) : file.body;
    response.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(body);
  });
  return new Promise((done) => {
    http.listen(0, '127.0.0.1', () => {
      // "localhost" is another origin than the hub's 127.0.0.1, like a partner's own domain.
      state.base = `http://localhost:${http.address().port}`;
      state.close = () => new Promise((closed) => http.close(closed));
      done(state);
    });
  });
}

const hub = useHub({ services: { site: { start: startPartnerSite, stop: (site) => site.close() } } });

const loginOf = (email) => hub.loginOf(email);

async function call(method, path, token, body) {
  const response = await fetch(`${hub.server.base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

// apiLogin signs in without a browser, as an integration would, and returns the session.
async function apiLogin(email) {
  const answer = await call('POST', '/api/v2/auth/login', null, { email, password: loginOf(email).password });
  assert.equal(answer.status, 200, `login of ${email}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** setPartner changes the partner's settings as its admin (PATCH /partners/{pid}). */
async function setPartner(adminEmail, changes) {
  const session = await apiLogin(adminEmail);
  const partnerId = session.user.partner_id;
  const answer = await call('PATCH', `/api/v2/partners/${partnerId}`, session.access_token, changes);
  assert.equal(answer.status, 200, `PATCH partner ${JSON.stringify(changes)}: ${JSON.stringify(answer.body)}`);
  return partnerId;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** codeFromInbox waits for a code sent to phone after since and returns its 6 digits (the operator reads the simulator inbox). */
async function codeFromInbox(phone, since) {
  const operator = await apiLogin('admin@demo.partnerhub.example');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const inbox = await call('GET', `/api/v2/operator/simulator/inbox?phone_number=${encodeURIComponent(phone)}`, operator.access_token);
    assert.equal(inbox.status, 200, `inbox: ${JSON.stringify(inbox.body)}`);
    const fresh = (inbox.body.messages ?? [])
      .filter((message) => Date.parse(message.created_at) >= since - 1000)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
    const code = fresh.map((message) => /\b(\d{6})\b/.exec(message.body)?.[1]).find(Boolean);
    if (code) return code;
    await sleep(200);
  }
  throw new Error(`no code reached ${phone} in the simulator inbox`);
}

const newPage = () => hub.newPage();

/**
 * connect opens the partner's page with the given partner and the package's query parameters,
 * clicks Connect and returns the partner's page and the popup (the hub's onboarding page). The
 * package opens /dashboard/app/{partner_id}?…; with oldPath the page opens
 * /dashboard/app/{partner_id}/permissions?… as versions before 1.0 did; the hub serves the same
 * flow at both.
 */
async function connect(partnerId, queryParameters, oldPath = false) {
  hub.site.config = { hub: hub.server.base, partnerId, queryParameters, oldPath };
  const page = await newPage();
  await page.goto(`${hub.site.base}/`);
  const opened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Connect' }).click();
  const popup = await opened;
  popup.setDefaultTimeout(15_000);
  await popup.waitForLoadState();
  const openedAt = new URL(popup.url()).pathname;
  assert.equal(openedAt, `/dashboard/app/${partnerId}${oldPath ? '/permissions' : ''}`, 'the popup opens the path the button builds');
  return { page, popup };
}

/** resultOf waits for the popup to close and returns what the partner's page parsed. */
async function resultOf(page, popup) {
  await popup.waitForEvent('close');
  await page.waitForFunction(() => window.connectResult !== undefined);
  return page.evaluate(() => window.connectResult);
}

describe('integrated onboarding from a partner app', () => {
  let globexId;

  before(async () => {
    // The partner's redirect URL: its own page on its own origin (http is accepted on loopback).
    globexId = await setPartner('admin@globex-connect.example', { partner_redirect_url: `${hub.site.base}/redirect` });
  });

  test('a new client signs up, chooses a plan, adds a number with a new WABA and shares it', async () => {
    const email = 'nia@noodle-bar.e2e.example';
    // The package encodes each value; the redirect URL keeps its own query.
    const query = { email, name: 'Nia Noodle', partner: 'crm-42', plan_selection: 'regular', redirect_url: `${hub.site.base}/redirect?tenant=7&src=io`, state: 'xyz' };
    const { page, popup } = await connect(globexId, query);

    await popup.getByRole('heading', { name: 'Create your account' }).waitFor();
    assert.equal(await popup.getByRole('textbox', { name: 'Email' }).inputValue(), email);
    assert.equal(await popup.getByRole('textbox', { name: 'Your name' }).inputValue(), 'Nia Noodle');
    await popup.getByRole('textbox', { name: 'Company name' }).fill('Noodle Bar GmbH');
    const password = popup.getByRole('textbox', { name: 'Password', exact: true });
    await password.fill('too short');
    await popup.getByText('Use at least 12 characters (9 so far).').waitFor();
    await password.fill('noodles-all-day-long');
    await shot(popup, 'onboarding-signup');
    const signedUp = popup.waitForResponse((response) => response.url().endsWith(`/onboarding/partners/${globexId}/signup`));
    await popup.getByRole('button', { name: 'Create account' }).click();
    const signup = await (await signedUp).json();
    assert.ok(signup.client_id, `sign-up answer: ${JSON.stringify(signup)}`);

    // Direct payment: plan (preselected from the link) and terms.
    await popup.getByRole('heading', { name: 'Choose your plan' }).waitFor();
    assert.ok(await popup.getByRole('radio', { name: 'Regular' }).isChecked(), 'the link preselects the regular plan');
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByText('Accept the terms to continue.').waitFor();
    await popup.getByRole('checkbox', { name: /I accept the terms and conditions/ }).check();
    await popup.getByRole('button', { name: 'Continue' }).click();

    // Embedded signup: a new WABA, the display name, the number, SMS.
    await popup.getByRole('heading', { name: 'Add a phone number' }).waitFor();
    assert.ok(await popup.getByRole('radio', { name: 'Create a new WABA' }).isChecked(), 'a client without WABAs creates one');
    assert.equal(await popup.getByRole('button', { name: /^Skip/ }).count(), 0, 'a new client cannot skip the number step');
    await popup.getByRole('textbox', { name: 'Display name' }).fill('Noodle Bar');
    const phone = popup.getByRole('textbox', { name: 'Phone number' });
    await phone.fill('0151 9999 0001');
    await popup.getByText('Start with + and the country code, e.g. +49 151 12345678.').waitFor();
    await phone.fill('+49 151 9999 0001');
    await popup.getByRole('radio', { name: 'Text message (SMS)' }).check();
    await shot(popup, 'onboarding-number');
    const since = Date.now();
    await popup.getByRole('button', { name: 'Send code' }).click();

    const dialog = popup.getByRole('dialog', { name: 'Enter the code' });
    await dialog.getByText(`We sent a 6-digit code by SMS to ${newNumber}`, { exact: false }).waitFor();
    await dialog.getByRole('timer').waitFor();
    const code = await codeFromInbox(newNumber, since);
    await dialog.getByRole('textbox', { name: 'Code' }).fill(code);
    const verified = popup.waitForResponse((response) => /\/onboarding\/numbers\/[^/]+\/verify$/.test(response.url()));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const added = await (await verified).json();
    const channelId = added.channel?.id;
    assert.ok(channelId, `verify answer: ${JSON.stringify(added)}`);

    // Permissions: the new number starts selected.
    await popup.getByRole('heading', { name: 'Choose the numbers Globex Connect may manage' }).waitFor();
    const box = popup.getByRole('checkbox', { name: new RegExp(`\\${newNumber}`) });
    assert.ok(await box.isChecked(), 'the new number starts selected');
    await shot(popup, 'onboarding-permissions');
    await popup.getByRole('button', { name: 'Save selection' }).click();

    const result = await resultOf(page, popup);
    assert.equal(result.client, signup.client_id);
    assert.deepEqual(result.channels, [channelId]);
    assert.equal(result.revoked, null, 'no revoked parameter when nothing was withdrawn');
    assert.equal(result.state, 'xyz');
    // The link's redirect URL (same origin as the partner's) was used, with its own query kept.
    assert.match(result.search, /^\?tenant=7&src=io&client=/);
    assert.ok(result.search.includes(`&channels=[${channelId}]`), `brackets and commas stay raw: ${result.search}`);
    await page.getByText(signup.client_id).waitFor();
    await shot(page, 'onboarding-partner-app');

    // The partner may manage the number now.
    const partner = await apiLogin('admin@globex-connect.example');
    const seen = await call('GET', `/api/v2/partners/${globexId}/channels/${channelId}`, partner.access_token);
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.equal(seen.body.key_permission, 'shared');
    assert.equal(seen.body.client_id, signup.client_id);
    await page.context().close();
  });

  test('an existing client returns, withdraws one number and shares another', async () => {
    const client = await apiLogin('admin@initech-travel.example');
    const clientId = client.user.client_id;
    const list = await call('GET', `/api/v2/clients/${clientId}/channels?limit=100`, client.access_token);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const idOf = (phone) => list.body.channels.find((channel) => channel.setup_info?.phone_number === phone)?.id;
    const [first, second] = initechPhones.map(idOf);
    assert.ok(first && second, 'both Initech numbers exist');
    // Before this visit the partner manages the first number only.
    const shared = await call('POST', `/api/v2/clients/${clientId}/channels/${first}/permission`, client.access_token, { state: 'shared' });
    assert.equal(shared.status, 200, JSON.stringify(shared.body));

    const { page, popup } = await connect(globexId, { next: 'login', email: 'admin@initech-travel.example', state: 'second visit' }, true);
    await popup.getByRole('heading', { name: 'Log in' }).waitFor();
    assert.equal(await popup.getByRole('textbox', { name: 'Email' }).inputValue(), 'admin@initech-travel.example');
    await popup.getByRole('textbox', { name: 'Password', exact: true }).fill(loginOf('admin@initech-travel.example').password);
    await popup.getByRole('button', { name: 'Log in' }).click();

    // Initech has not accepted Globex's terms yet (demo data): direct payment asks first.
    await popup.getByRole('heading', { name: 'Choose your plan' }).waitFor();
    assert.ok(await popup.getByRole('radio', { name: 'Basic' }).isChecked(), 'the current plan is preselected');
    await popup.getByRole('checkbox', { name: /I accept the terms and conditions/ }).check();
    await popup.getByRole('button', { name: 'Continue' }).click();

    // The number step is skippable for a client that only wants to change what it shares.
    await popup.getByRole('heading', { name: 'Add a phone number' }).waitFor();
    await popup.getByRole('button', { name: 'Skip, choose what to share' }).click();

    const firstBox = popup.getByRole('checkbox', { name: new RegExp(`\\${initechPhones[0]}`) });
    const secondBox = popup.getByRole('checkbox', { name: new RegExp(`\\${initechPhones[1]}`) });
    assert.ok(await firstBox.isChecked(), 'the shared number starts selected');
    assert.ok(!(await secondBox.isChecked()), 'the other number starts unselected');
    await firstBox.uncheck();
    await secondBox.check();
    await popup.getByText("You are withdrawing Globex Connect's permission for these numbers.", { exact: false }).waitFor();
    await shot(popup, 'onboarding-permissions-change');
    await popup.getByRole('button', { name: 'Save selection' }).click();

    const result = await resultOf(page, popup);
    assert.equal(result.client, clientId);
    assert.deepEqual(result.channels, [second]);
    assert.deepEqual(result.revoked, [first]);
    assert.equal(result.state, 'second visit');

    const after = await call('GET', `/api/v2/clients/${clientId}/channels?limit=100`, client.access_token);
    const permission = (id) => after.body.channels.find((channel) => channel.id === id)?.key_permission;
    assert.equal(permission(first), 'missing');
    assert.equal(permission(second), 'shared');
    await page.context().close();
  });

  test('refusals: no redirect URL, a client of another partner, numbers the partner does not let clients add', async () => {
    // Acme Messaging has no redirect URL: an explanation, not a flow that ends in a broken redirect.
    const acme = await apiLogin('admin@acme-messaging.example');
    const page = await newPage();
    await page.goto(`${hub.server.base}/dashboard/app/${acme.user.partner_id}/permissions?email=someone@e2e.example&state=s`);
    await page.getByText('Acme Messaging has not finished its setup: no redirect URL — contact Acme Messaging.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create account' }).count(), 0);
    await shot(page, 'onboarding-no-redirect');

    // An unknown partner id.
    await page.goto(`${hub.server.base}/dashboard/app/nosuchPA/permissions`);
    await page.getByText('This link does not lead to a partner').waitFor();

    // A client of Acme on Globex's page: a partner change is the way.
    await page.goto(`${hub.server.base}/dashboard/app/${globexId}/permissions?next=login&email=admin@bluebird-bakery.example`);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(loginOf('admin@bluebird-bakery.example').password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Your account is managed by another partner').waitFor();
    await page.getByText('request a partner change instead', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Not you? Sign out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    // Globex stops letting clients add numbers: Initech (which has numbers) is told why, and may go on to the permissions.
    const initech = await apiLogin('admin@initech-travel.example');
    const terms = await call('POST', `/api/v2/clients/${initech.user.client_id}/onboarding/plan`, initech.access_token, {
      partner_id: globexId,
      plan: 'basic',
      accept_terms: true,
      terms_version: '2026-11',
    });
    assert.equal(terms.status, 200, JSON.stringify(terms.body));
    await setPartner('admin@globex-connect.example', { allow_client_to_add_phone_no: false });
    try {
      await page.goto(`${hub.server.base}/dashboard/app/${globexId}/permissions?next=login&email=admin@initech-travel.example`);
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill(loginOf('admin@initech-travel.example').password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByText('You cannot add a number here').waitFor();
      await page.getByText('Globex Connect does not let clients add further numbers themselves.', { exact: false }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Phone number' }).count(), 0, 'no number form');
      await page.getByRole('button', { name: 'Continue with my numbers' }).click();
      await page.getByRole('heading', { name: 'Choose the numbers Globex Connect may manage' }).waitFor();
    } finally {
      await setPartner('admin@globex-connect.example', { allow_client_to_add_phone_no: true });
    }
    await page.context().close();
  });

  test('a client admin adds a number from the portal, even though its partner has no redirect URL', async () => {
    const phone = '+4915199990002';
    const page = await newPage();
    await page.goto(`${hub.server.base}/login`);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('admin@bluebird-bakery.example');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(loginOf('admin@bluebird-bakery.example').password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${hub.server.base}/portal`);
    await page.getByRole('link', { name: 'My numbers' }).click();
    await page.getByRole('button', { name: 'Add number' }).click();

    const dialog = page.getByRole('dialog', { name: 'Add a number' });
    await dialog.getByRole('heading', { name: 'Add a phone number' }).waitFor();
    await dialog.getByRole('textbox', { name: 'Display name' }).fill('Bluebird Catering');
    await dialog.getByRole('textbox', { name: 'Phone number' }).fill(phone);
    const since = Date.now();
    await dialog.getByRole('button', { name: 'Send code' }).click();
    const code = page.getByRole('dialog', { name: 'Enter the code' });
    await code.getByRole('textbox', { name: 'Code' }).fill(await codeFromInbox(phone, since));
    await code.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText('Number added').waitFor();
    await shot(page, 'portal-number-added');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'My numbers' }).getByRole('link', { name: phone }).waitFor();
    await page.context().close();
  });
});
