// Browser tests of the client journeys against a real demo server, each with its happy path and
// one refusal: (1) the client admin of Bluebird Bakery (under Acme Messaging) is told in words
// that an unknown partner id does not exist, then asks to move two numbers to Globex Connect;
// the Globex admin approves in the UI, the server's background sweep runs the move, and Acme
// sees the request read-only under Outgoing. (2) Bluebird imports a number from another
// provider: the checklist, the number and its WABA, a code sent by SMS that the test reads from
// the simulator inbox as the operator; a wrong code is refused with the attempts left, the right
// one completes the import and shows what carried over. (3) The client admin of Initech Travel
// changes a display name; after ten registrations in 72 hours the next change is refused with
// the end of the block in words, and the number's page shows the block.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nav, shot, useHub } from './kit.mjs';

const operatorEmail = 'admin@demo.partnerhub.example';
const bluebirdAdmin = 'admin@bluebird-bakery.example';
const globexAdmin = 'admin@globex-connect.example';
const acmeAdmin = 'admin@acme-messaging.example';
const initechAdmin = 'admin@initech-travel.example';

const hub = useHub();

const loginOf = (email) => hub.loginOf(email);

const newPage = () => hub.newPage();

const signIn = (page, email) => hub.signIn(page, email);

// apiSession signs in without a browser and returns a caller with the session's token.
async function apiSession(email) {
  const response = await fetch(`${hub.server.base}/api/v2/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: loginOf(email).password }),
  });
  assert.equal(response.status, 200, `login of ${email}`);
  const session = await response.json();
  const call = async (method, path, body) => {
    const answer = await fetch(`${hub.server.base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.access_token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: answer.status, body: await answer.json().catch(() => null) };
  };
  return { session, call };
}

// latestCode reads the newest code the simulated provider sent to a number, as the operator.
async function latestCode(phone, purpose, after = 0) {
  const operator = await apiSession(operatorEmail);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const inbox = await operator.call('GET', `/api/v2/operator/simulator/inbox?phone_number=${encodeURIComponent(phone)}`);
    assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
    const codes = (inbox.body.messages ?? [])
      .filter((message) => Date.parse(message.created_at) >= after)
      .map((message) => ({ at: Date.parse(message.created_at), match: new RegExp(`${purpose} code is (\\d{6})`).exec(message.body) }))
      .filter((message) => message.match)
      .sort((a, b) => b.at - a.at);
    if (codes.length > 0) return codes[0].match[1];
    if (Date.now() > deadline) throw new Error(`no ${purpose} code for ${phone} in the simulator inbox: ${JSON.stringify(inbox.body)}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe('partner change', () => {
  let globexId;
  let requestId;

  test('the operator looks up the id of Globex Connect', async () => {
    const operator = await apiSession(operatorEmail);
    const partners = await operator.call('GET', '/api/v2/partners?limit=100');
    assert.equal(partners.status, 200);
    globexId = partners.body.partners.find((partner) => partner.brand_name === 'Globex Connect')?.id;
    assert.match(globexId ?? '', /PA$/);
  });

  test('an unknown partner id is refused in words; two numbers are asked to move to Globex, the pending-deletion one cannot', async () => {
    const page = await newPage();
    try {
      await signIn(page, bluebirdAdmin);
      await nav(page, 'Partner changes');
      await page.getByRole('link', { name: 'Change partner' }).click();
      const partnerId = page.getByRole('textbox', { name: 'Partner id of your new partner' });
      await partnerId.fill('zzzzzzzzzzPA');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('alert').getByText('No active partner has this id. Check the id with your new partner — it ends in PA, like f167CmAbcdPA.').waitFor();
      await shot(page, 'journeys-partner-change-unknown');

      await partnerId.fill(globexId);
      await page.getByRole('button', { name: 'Next' }).click();
      const all = page.getByRole('radio', { name: /All my numbers/ });
      await all.waitFor();
      assert.equal(await all.isDisabled(), true, 'a full move is offered although a number is pending deletion');
      await page.getByText(/Moving everything is not possible now: \+4915112345003 cannot move/).waitFor();
      assert.equal(await page.getByRole('checkbox', { name: /\+4915112345003/ }).isDisabled(), true);
      await page.getByRole('checkbox', { name: /\+4915112345001/ }).check();
      await page.getByRole('checkbox', { name: /\+4915112345002/ }).check();
      await shot(page, 'journeys-partner-change-numbers');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(/A new client account is created under Globex Connect/).waitFor();
      await page.getByText(/you must grant Globex Connect the API-key permission again/).waitFor();
      await shot(page, 'journeys-partner-change-review');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('checkbox', { name: 'I accept the partner-change terms (version 2026-11)' }).check();
      const sent = page.waitForResponse((response) => response.url().endsWith('/partner_change_requests') && response.request().method() === 'POST');
      await page.getByRole('button', { name: 'Send the request' }).click();
      const answer = await sent;
      assert.equal(answer.status(), 201, await answer.text());
      requestId = (await answer.json()).id;
      await page.getByText(`Your request ${requestId} now waits for Globex Connect to approve it.`, { exact: false }).waitFor();
      await page.getByRole('link', { name: 'See your partner changes' }).click();
      const table = page.getByRole('table', { name: 'Partner change requests' });
      await table.getByRole('row').filter({ hasText: 'Globex Connect' }).getByText('Awaiting approval').waitFor();
      await shot(page, 'journeys-partner-change-requested');
    } finally {
      await page.context().close();
    }
  });

  test('Globex approves in the UI and the move completes', async () => {
    const page = await newPage();
    try {
      await signIn(page, globexAdmin);
      await nav(page, 'Partner changes');
      const table = page.getByRole('table', { name: 'Incoming partner changes' });
      const row = table.getByRole('row').filter({ hasText: requestId });
      await row.getByText('Acme Messaging').waitFor();
      await shot(page, 'journeys-partner-change-incoming');
      await row.getByRole('button', { name: `Approve request ${requestId}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Approve the partner change' });
      await dialog.getByText(/2 numbers, in a new client, move to you from Acme Messaging/).waitFor();
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await dialog.waitFor({ state: 'detached' });
      // The background sweep runs every few seconds; the list refreshes itself.
      await row.getByText('Completed', { exact: true }).waitFor({ timeout: 30_000 });
      await shot(page, 'journeys-partner-change-completed');
    } finally {
      await page.context().close();
    }

    // Globex now serves both numbers, in a new client.
    const globex = await apiSession(globexAdmin);
    const channels = await globex.call('GET', `/api/v2/partners/${globexId}/channels?limit=100`);
    const phones = channels.body.partner_channels.map((channel) => channel.setup_info.phone_number);
    assert.ok(phones.includes('+4915112345001') && phones.includes('+4915112345002'), `Globex channels: ${phones}`);
  });

  test('Bluebird sees the move completed, and Acme sees it read-only under Outgoing', async () => {
    const client = await newPage();
    try {
      await signIn(client, bluebirdAdmin);
      await nav(client, 'Partner changes');
      await client.getByRole('table', { name: 'Partner change requests' }).getByRole('row').filter({ hasText: 'Globex Connect' }).getByText('Completed', { exact: true }).waitFor();
      await client.getByRole('button', { name: `Cancel request ${requestId}` }).waitFor({ state: 'detached' });
    } finally {
      await client.context().close();
    }
    const page = await newPage();
    try {
      await signIn(page, acmeAdmin);
      await nav(page, 'Partner changes');
      await page.getByRole('tab', { name: 'Outgoing' }).click();
      const table = page.getByRole('table', { name: 'Outgoing partner changes' });
      const row = table.getByRole('row').filter({ hasText: requestId });
      await row.getByText('Globex Connect').waitFor();
      await row.getByText('Completed', { exact: true }).waitFor();
      assert.equal(await table.getByRole('button', { name: /Approve|Reject/ }).count(), 0, 'Acme may act on an outgoing request');
      await shot(page, 'journeys-partner-change-outgoing');
    } finally {
      await page.context().close();
    }
    const operator = await newPage();
    try {
      await signIn(operator, operatorEmail);
      await nav(operator, 'Partner changes');
      const row = operator.getByRole('table', { name: 'Partner change requests' }).getByRole('row').filter({ hasText: requestId });
      await row.getByText('Completed', { exact: true }).waitFor();
      await row.getByText('Acme Messaging').waitFor();
      await shot(operator, 'journeys-operator-partner-changes');
    } finally {
      await operator.context().close();
    }
  });
});

describe('import a number from another provider', () => {
  const phone = '+4915112349001';

  test('checklist, number, code by SMS; a wrong code is refused with the attempts left, the right one completes it', async () => {
    const page = await newPage();
    try {
      await signIn(page, bluebirdAdmin);
      await nav(page, 'My numbers');
      await page.getByRole('link', { name: 'Import a number' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Turn off two-step verification at your current provider, then tick this. The import is refused while it is on.').waitFor();
      await shot(page, 'journeys-import-checklist');
      for (const box of await page.getByRole('checkbox').all()) await box.check();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('textbox', { name: /Phone number/ }).fill('+49 151 1234 9001');
      const account = page.getByRole('combobox', { name: /WhatsApp Business Account/ });
      await account.locator('option', { hasText: 'Bluebird Bakery WABA' }).waitFor({ state: 'attached' });
      await shot(page, 'journeys-import-number');
      await page.getByRole('button', { name: 'Start the import' }).click();

      const started = Date.now() - 1000;
      await page.getByRole('button', { name: 'Send the code' }).click();
      const dialog = page.getByRole('dialog', { name: 'Enter the code' });
      await dialog.getByText(`We sent a 6-digit code by SMS to ${phone}`).waitFor();
      await dialog.getByRole('timer').waitFor();
      const code = await latestCode(phone, 'migration', started);

      const wrong = code === '000000' ? '111111' : '000000';
      await dialog.getByRole('textbox', { name: 'Code' }).fill(wrong);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await dialog.getByText('That code is not right. 4 attempts are left before the migration fails.').waitFor();
      await shot(page, 'journeys-import-wrong-code');

      await dialog.getByRole('textbox', { name: 'Code' }).fill(code);
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('The number is yours now').waitFor();
      await page.getByRole('heading', { name: 'What carried over' }).waitFor();
      await page.getByText('order_update (en_US)').waitFor();
      await page.getByText(/^win_back \(en_US\)/).waitFor();
      await shot(page, 'journeys-import-completed');

      await page.getByRole('link', { name: 'Open the number' }).click();
      await page.getByRole('heading', { name: phone, level: 2 }).waitFor();
      await page.getByText('Running', { exact: true }).first().waitFor();
      await nav(page, 'Migrations');
      await page.getByRole('table', { name: 'Number migrations' }).getByRole('row').filter({ hasText: phone }).getByText('Completed', { exact: true }).waitFor();
      await shot(page, 'journeys-migrations');
    } finally {
      await page.context().close();
    }
    // Acme sees its client's migration from the client's page.
    const partner = await newPage();
    try {
      await signIn(partner, acmeAdmin);
      await nav(partner, 'Migrations');
      await partner.getByRole('combobox', { name: 'Client' }).selectOption({ label: 'Bluebird Bakery' });
      await partner.getByRole('table', { name: 'Number migrations of this client' }).getByRole('row').filter({ hasText: phone }).getByText('Completed', { exact: true }).waitFor();
      await shot(partner, 'journeys-partner-migrations');
    } finally {
      await partner.context().close();
    }
  });
});

describe('display name', () => {
  const phone = '+5511987650001';

  test('the client admin changes it; after ten registrations in 72 hours the next change is refused until a time in words', async () => {
    const page = await newPage();
    try {
      await signIn(page, initechAdmin);
      await nav(page, 'My numbers');
      await page.getByRole('link', { name: phone }).click();
      await page.getByRole('button', { name: 'Change display name' }).click();
      let dialog = page.getByRole('dialog', { name: 'Change display name' });
      const name = dialog.getByRole('textbox', { name: /New display name/ });
      await name.fill('42');
      await dialog.getByText('A display name has at least 3 characters (2 now).').waitFor();
      await name.fill('Initech Travel Rio');
      await dialog.getByRole('button', { name: 'Change the name' }).click();
      await page.getByText('The display name is now “Initech Travel Rio”.').waitFor();
      await page.getByText('Initech Travel Rio', { exact: true }).first().waitFor();
      await shot(page, 'journeys-display-name-changed');

      // Nine more registrations through the API make ten in 72 hours.
      const initech = await apiSession(initechAdmin);
      const clientId = initech.session.user.client_id;
      const channels = await initech.call('GET', `/api/v2/clients/${clientId}/channels?limit=100`);
      const channelId = channels.body.channels.find((channel) => channel.setup_info.phone_number === phone).id;
      for (let i = 2; i <= 10; i++) {
        const changed = await initech.call('POST', `/api/v2/clients/${clientId}/channels/${channelId}/control/change_display_name`, { display_name: `Initech Travel ${i}` });
        assert.equal(changed.status, 200, JSON.stringify(changed.body));
      }

      await page.reload();
      await page.getByRole('button', { name: 'Change display name' }).click();
      dialog = page.getByRole('dialog', { name: 'Change display name' });
      await dialog.getByRole('textbox', { name: /New display name/ }).fill('Initech Travel Eleven');
      await dialog.getByRole('button', { name: 'Change the name' }).click();
      await dialog
        .getByRole('alert')
        .getByText(/This number reached Meta's limit of 10 registrations .* blocked until .*\(in (2 days 23 hours|3 days)\)\. Try again after that\./)
        .waitFor();
      await shot(page, 'journeys-display-name-blocked');
      await dialog.getByRole('button', { name: 'Back' }).click();
      await page.getByText('Registration changes blocked').waitFor();
      await page.getByText('Registrations blocked until').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Change display name' }).isDisabled(), true, 'a blocked number offers a display-name change');
      await shot(page, 'journeys-number-blocked');
    } finally {
      await page.context().close();
    }
  });
});
