// Browser tests of the messaging sandbox against a real demo server (--simulator-step 2s;
// messages are delivered a second after they are sent and read two seconds later), with the
// number's webhook pointed at a receiver this test runs on 127.0.0.1
// (--allow-insecure-webhooks): the platform admin adds a simulated WhatsApp user; the partner
// admin of Acme Messaging sends that user an approved template from the "Test messaging" panel
// of Bluebird Bakery's number and watches it get delivered and read; the user replies (the
// operator writes as them), which opens the 24-hour window, and a free-form reply then goes
// through; a free-form message to a user who never wrote fails, with the reason in words. The
// number's webhook got every status in Meta's envelope, and the panel lists those deliveries.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import { nav, shot, useHub } from './kit.mjs';

const acmeAdmin = 'admin@acme-messaging.example';
const operatorEmail = 'admin@demo.partnerhub.example';
const bakeryPhone = '+4915112345001';
// A user the test adds to the simulator's directory, and a number outside it that never wrote.
const lena = { name: 'Lena Vogel', phone: '+4915790001234', typed: '+49 157 9000 1234', waId: '4915790001234' };
const stranger = { typed: '+49 157 9000 5678', number: '+4915790005678' };

// Every request the receiver got: { path, headers, body (parsed JSON) }.
const received = [];

function startReceiver() {
  return new Promise((done, fail) => {
    const http = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        received.push({ path: request.url, headers: request.headers, body });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"ok":true}');
      });
    });
    http.once('error', fail);
    http.listen(0, '127.0.0.1', () => done(http));
  });
}

const hub = useHub({
  serverOptions: { simulatorStep: '2s', allowInsecureWebhooks: true },
  services: { receiver: { start: startReceiver, stop: (receiver) => new Promise((done) => receiver.close(done)) } },
});

// Sent to delivered takes a second, delivered to read two more; the panel reloads every 2 s.
const statusTimeout = 20_000;

// statusesOf are the statuses the receiver got for a message id, in Meta's envelope.
const statusesOf = (wamid) =>
  received
    .flatMap((request) => request.body?.entry ?? [])
    .flatMap((entry) => entry.changes ?? [])
    .flatMap((change) => change.value?.statuses ?? [])
    .filter((status) => status.id === wamid)
    .map((status) => status.status);

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function eventually(what, check, ms = statusTimeout) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${ms / 1000} s`);
    await sleep(250);
  }
}

/** openPanel signs in as the Acme admin, opens Bluebird Bakery's number and its test messaging panel. */
async function openPanel(page) {
  await hub.signIn(page, acmeAdmin);
  await nav(page, 'Channels');
  await page.getByRole('table', { name: 'Channels' }).getByRole('link', { name: bakeryPhone }).click();
  await page.getByRole('heading', { level: 2, name: bakeryPhone }).waitFor();
  await page.getByRole('button', { name: 'Open test messaging' }).click();
  await page.getByRole('list', { name: 'Conversations' }).waitFor({ state: 'attached' });
}

/** writeTo opens the conversation with a typed number. */
async function writeTo(page, typed, name) {
  await page.getByRole('form', { name: 'Write to a phone number' }).getByRole('textbox', { name: 'Phone number' }).fill(typed);
  await page.getByRole('button', { name: 'Write', exact: true }).click();
  const pane = page.getByRole('region', { name: `Conversation with ${name}` });
  await pane.waitFor();
  return pane;
}

/** newest is the latest message of a conversation. */
const newest = (pane) => pane.getByRole('listitem').last();

/** waitForStatus waits until a message shows the status word (Sent, Delivered, Read, Failed, Received). */
const waitForStatus = (bubble, word) => bubble.getByTestId('status').filter({ hasText: word }).waitFor({ timeout: statusTimeout });

/** sendAnswer waits for the answer of the next test message the page sends. */
const sendAnswer = (page) => page.waitForResponse((response) => response.url().endsWith('/test_messages') && response.request().method() === 'POST');

/** openSimulatedUser signs in as the platform admin and opens a simulated user's conversations and "write as". */
async function openSimulatedUser(page, name) {
  await hub.signIn(page, operatorEmail);
  await nav(page, 'Simulator');
  const table = page.getByRole('table', { name: 'Simulated users' });
  await table.waitFor();
  await page.getByRole('searchbox', { name: 'Search by name or number' }).fill(name);
  await table.getByRole('button', { name: `Write as ${name}` }).click();
  return page.getByRole('region', { name: `${name} on WhatsApp` });
}

describe('messaging sandbox', () => {
  let templateId;

  test('the platform admin adds a simulated WhatsApp user', async () => {
    const page = await hub.newPage();
    try {
      await hub.signIn(page, operatorEmail);
      await nav(page, 'Simulator');
      await page.getByRole('table', { name: 'Simulated users' }).waitFor();
      await page.getByRole('button', { name: 'Add a user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a simulated user' });
      await dialog.getByRole('textbox', { name: 'Phone number' }).fill(lena.typed);
      await dialog.getByRole('textbox', { name: /^Profile name/ }).fill(lena.name);
      await dialog.getByRole('textbox', { name: /^Language/ }).fill('de');
      await dialog.getByText('Messages are delivered, then read.').waitFor();
      await dialog.getByRole('button', { name: 'Add the user' }).click();
      await page.getByText(`${lena.name} (${lena.phone}) is in the directory, as WhatsApp ID ${lena.waId}.`).waitFor();
      await page.getByRole('searchbox', { name: 'Search by name or number' }).fill('Lena');
      const row = page.getByRole('table', { name: 'Simulated users' }).getByRole('row').filter({ hasText: lena.name });
      await row.getByText(lena.phone).waitFor();
      await row.getByText('Sends read receipts').waitFor();
      await row.getByText('German').waitFor();
      await shot(page, 'messaging-simulated-users');
    } finally {
      await page.context().close();
    }
  });

  test('the partner admin points the number’s webhook at a receiver and sends the user a template: it is delivered and read', async () => {
    const page = await hub.newPage();
    try {
      await openPanel(page);
      // The number's webhook, with a custom header, so the deliveries have somewhere to go.
      await page.getByRole('textbox', { name: 'Webhook URL' }).fill(`http://127.0.0.1:${hub.receiver.address().port}/wa`);
      await page.getByRole('button', { name: 'Add header' }).click();
      await page.getByRole('textbox', { name: 'Header 1 name' }).fill('X-Shop');
      await page.getByRole('textbox', { name: 'Header 1 value' }).fill('bluebird');
      await page.getByRole('button', { name: 'Save webhook' }).click();
      await page.getByText('Webhook saved.').waitFor();

      const pane = await writeTo(page, lena.typed, lena.phone);
      await pane.getByTestId('window').getByText('Window closed: only templates reach this user').waitFor();
      // The window is closed, so the composer starts on templates; only approved ones are offered.
      const picker = pane.getByRole('combobox', { name: 'Template' });
      await picker.locator('option', { hasText: 'order_ready · English (US)' }).waitFor({ state: 'attached' });
      assert.equal(await picker.locator('option', { hasText: 'weekend_offer' }).count(), 0, 'a rejected template is offered');
      await picker.selectOption({ label: 'order_ready · English (US)' });
      await pane.getByRole('button', { name: 'Send template' }).click();
      await pane.getByText('Header {{1}} is required.').waitFor();
      await pane.getByRole('textbox', { name: 'Header {{1}}' }).fill('#1042');
      await pane.getByRole('textbox', { name: 'Body {{1}}' }).fill('Lena');
      await pane.getByRole('textbox', { name: 'Body {{2}}' }).fill('8 am');
      await pane.getByTestId('preview-body').getByText('Hi Lena, your order is ready for pick-up from 8 am.').waitFor();
      const answer = sendAnswer(page);
      await pane.getByRole('button', { name: 'Send template' }).click();
      const sent = await answer;
      assert.equal(sent.status(), 200, await sent.text());
      const body = await sent.json();
      assert.deepEqual(body.contacts, [{ input: lena.phone, wa_id: lena.waId }]);
      templateId = body.messages[0].id;
      assert.match(templateId, /^wamid\./);

      // Until the user writes, WhatsApp tells no profile name: the conversation is named by the number.
      const bubble = pane.locator(`[data-message-id="${templateId}"]`);
      await bubble.getByText('Template order_ready (en_US)').waitFor({ timeout: statusTimeout });
      await bubble.getByTestId('values').getByText('Values: #1042 · Lena · 8 am').waitFor();
      await bubble.getByText(/Utility · Charged · sent by Ada Acme/).waitFor();
      await waitForStatus(bubble, 'Delivered');
      await waitForStatus(bubble, 'Read');
      assert.equal(await bubble.getByTestId('status').textContent(), '✓✓Read');
      await shot(page, 'messaging-template-read');

      // The receiver got sent, delivered and read in Meta's envelope, with the number's header.
      await eventually('the read status webhook', () => statusesOf(templateId).includes('read'));
      assert.deepEqual(statusesOf(templateId), ['sent', 'delivered', 'read']);
      const withStatus = received.find((request) => request.body?.entry?.[0]?.changes?.[0]?.value?.statuses?.[0]?.id === templateId);
      assert.equal(withStatus.headers['x-shop'], 'bluebird');
      assert.equal(withStatus.body.object, 'whatsapp_business_account');
      const deliveries = page.getByRole('table', { name: 'Webhook deliveries of this number' });
      await deliveries.getByRole('row').filter({ hasText: 'Message status' }).filter({ hasText: 'Delivered' }).first().waitFor({ timeout: statusTimeout });
    } finally {
      await page.context().close();
    }
  });

  test('the user replies (the operator writes as them and reads the conversation): the window opens and a free-form reply goes through', async () => {
    const operator = await hub.newPage();
    try {
      const region = await openSimulatedUser(operator, lena.name);
      const conversations = region.getByRole('table', { name: `Conversations of ${lena.name}` });
      const row = conversations.getByRole('row').filter({ hasText: bakeryPhone });
      await row.getByText('Window closed: only templates reach this user').waitFor();
      await row.getByRole('button', { name: `Write to ${bakeryPhone}` }).click();
      const form = region.getByRole('form', { name: `Write as ${lena.name}` });
      await form.getByText(`To ${bakeryPhone}`, { exact: false }).waitFor();
      await form.getByRole('textbox', { name: 'Message' }).fill('Thanks! I will pick it up at 8.');
      await form.getByRole('button', { name: `Write as ${lena.name}` }).click();
      await form.getByText(/^Lena Vogel wrote to \+4915112345001.*Thanks! I will pick it up at 8\./).waitFor();
      await row.getByText(/^Window open · 23 h 59 min left/).waitFor({ timeout: statusTimeout });
      // The operator reads the whole conversation: the template Lena got, and her reply.
      await row.getByRole('button', { name: `Messages with ${bakeryPhone}` }).click();
      const messages = region.getByRole('list', { name: `Messages of ${lena.name} with ${bakeryPhone}` });
      await messages.getByRole('listitem').filter({ hasText: 'Template order_ready (en_US)' }).getByTestId('status').filter({ hasText: 'Read' }).waitFor();
      await messages.getByRole('listitem').filter({ hasText: 'Thanks! I will pick it up at 8.' }).getByTestId('status').filter({ hasText: 'Received' }).waitFor();
      await shot(operator, 'messaging-write-as-user');
    } finally {
      await operator.context().close();
    }

    const page = await hub.newPage();
    try {
      await openPanel(page);
      await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${lena.name}`) }).click();
      const pane = page.getByRole('region', { name: `Conversation with ${lena.name}` });
      await pane.getByTestId('window').getByText(/^Window open · 23 h 59 min left/).waitFor();
      const reply = newest(pane);
      await reply.getByText('Thanks! I will pick it up at 8.').waitFor();
      await waitForStatus(reply, 'Received');
      // The window is open: the composer starts on text, and a free-form reply is free.
      await pane.getByRole('textbox', { name: 'Message' }).fill('See you at 8, Lena!');
      const answer = sendAnswer(page);
      await pane.getByRole('button', { name: 'Send text' }).click();
      const sent = await answer;
      assert.equal(sent.status(), 200, await sent.text());
      const id = (await sent.json()).messages[0].id;
      const bubble = pane.locator(`[data-message-id="${id}"]`);
      await bubble.getByText('See you at 8, Lena!').waitFor({ timeout: statusTimeout });
      await bubble.getByText(/Service · Free: inside the customer-service window/).waitFor();
      await waitForStatus(bubble, 'Delivered');
      await waitForStatus(bubble, 'Read');
      await shot(page, 'messaging-window-open');
      // The reply reached the webhook as a received message.
      await eventually('the received message webhook', () =>
        received.some((request) => request.body?.entry?.[0]?.changes?.[0]?.value?.messages?.[0]?.text?.body === 'Thanks! I will pick it up at 8.'),
      );
    } finally {
      await page.context().close();
    }
  });

  test('a free-form message to a user outside the window fails, with the reason in words', async () => {
    const page = await hub.newPage();
    try {
      await openPanel(page);
      const pane = await writeTo(page, stranger.typed, stranger.number);
      await pane.getByTestId('window').getByText('Window closed: only templates reach this user').waitFor();
      await pane.getByRole('radiogroup', { name: 'Message kind' }).getByText('Text', { exact: true }).click();
      await pane.getByText('The window is closed: a free-form message will not reach this user. Send a template instead.').waitFor();
      await pane.getByRole('textbox', { name: 'Message' }).fill('Hello there!');
      const answer = sendAnswer(page);
      await pane.getByRole('button', { name: 'Send text' }).click();
      const sent = await answer;
      // Meta accepts it, then reports it failed.
      assert.equal(sent.status(), 200, await sent.text());
      const id = (await sent.json()).messages[0].id;
      const conversation = page.getByRole('region', { name: /^Conversation with / });
      const bubble = conversation.locator(`[data-message-id="${id}"]`);
      await waitForStatus(bubble, 'Failed');
      await bubble
        .getByTestId('failure')
        .getByText(/^More than 24 hours have passed since the user last wrote, so only a template can reach them now\./)
        .waitFor();
      assert.equal(await bubble.getByTestId('status').textContent(), '✕Failed');
      await shot(page, 'messaging-outside-window');
      await eventually('the failed status webhook', () => statusesOf(id).includes('failed'));
    } finally {
      await page.context().close();
    }
  });
});
