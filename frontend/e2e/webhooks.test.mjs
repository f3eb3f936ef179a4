// Browser tests of the partner webhook against a real demo server started with
// --allow-insecure-webhooks, delivering to a receiver this test runs on 127.0.0.1: the partner
// admin sets the URL, creates the signing secret and reads it from the show-once dialog, sends a
// test event, and the receiver checks the signature; a change made in the UI then shows up in the
// delivery log as delivered, and the operator sees the partner on the webhook health page.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import { nav, shot, useHub } from './kit.mjs';

// Every request the receiver got: { at, method, path, headers, body (the raw text) }.
const received = [];

// startReceiver listens on a free loopback port and answers every POST with 200 {"ok":true}.
function startReceiver() {
  return new Promise((done, fail) => {
    const http = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ at: Date.now(), method: request.method, path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"ok":true}');
      });
    });
    http.once('error', fail);
    http.listen(0, '127.0.0.1', () => done(http));
  });
}

const hub = useHub({
  serverOptions: { allowInsecureWebhooks: true },
  services: { receiver: { start: startReceiver, stop: (receiver) => new Promise((done) => receiver.close(done)) } },
});

const loginOf = (email) => hub.loginOf(email);

const newPage = () => hub.newPage();

const signIn = (page, email) => hub.signIn(page, email);

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// eventually retries check until it returns a value (not undefined) or the time is up.
async function eventually(what, check, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${ms / 1000} s`);
    await sleep(250);
  }
}

/**
 * verifySignature checks a delivery as a receiver would: "t=<unix>,v1=<hex>[,v1=<hex>]" where
 * one v1 is the HMAC-SHA256 of "<t>.<raw body>" keyed with the secret.
 */
function verifySignature(request, secret) {
  const header = request.headers['x-partnerhub-signature'];
  assert.match(header ?? '', /^t=\d+(,v1=[0-9a-f]{64})+$/, `signature header: ${header}`);
  const t = /^t=(\d+)/.exec(header)[1];
  assert.ok(Math.abs(Number(t) - Date.now() / 1000) < 300, `signature time ${t} is not now`);
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest();
  const signatures = [...header.matchAll(/v1=([0-9a-f]{64})/g)].map((match) => Buffer.from(match[1], 'hex'));
  assert.ok(
    signatures.some((signature) => timingSafeEqual(signature, expected)),
    `no v1 of ${header} is the HMAC-SHA256 of "${t}.<body>" with the secret from the dialog`,
  );
  const eventId = request.headers['x-partnerhub-event-id'];
  assert.ok(eventId, 'no x-partnerhub-event-id header');
  assert.equal(JSON.parse(request.body).id, eventId, 'the event id header names the event in the body');
  return eventId;
}

let partnerPage;
let secret;
let hookUrl;

describe('partner webhook, signed deliveries and webhook health', () => {
  test('the partner admin sets a local receiver as the partner webhook URL', async () => {
    hookUrl = `http://127.0.0.1:${hub.receiver.address().port}/hook`;
    partnerPage = await newPage();
    const page = partnerPage;
    await signIn(page, 'admin@acme-messaging.example');
    await nav(page, 'Webhook');
    await page.getByRole('heading', { level: 2, name: 'Webhook' }).waitFor();
    const url = page.getByRole('textbox', { name: 'Partner webhook URL' });
    await url.fill('http://my_receiver.example/hook');
    await page.getByText('Webhook URL must not have an underscore (_) in the host name.').waitFor();
    await url.fill(hookUrl);
    // The page was opened over http from this machine: a development server, so a warning, not a refusal.
    await page.getByText(/accepts it only if started with --allow-insecure-webhooks/).waitFor();
    await page.getByRole('button', { name: 'Save webhook URL' }).click();
    await page.getByText('Webhook URL saved.').waitFor();
    await page.reload();
    await page.getByRole('textbox', { name: 'Partner webhook URL' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Partner webhook URL' }).inputValue(), hookUrl);
  });

  test('the signing secret is shown once, in a dialog, and forgotten when it closes', async () => {
    const page = partnerPage;
    await page.getByRole('button', { name: 'Create or rotate secret' }).click();
    const confirm = page.getByRole('dialog', { name: 'New signing secret', exact: true });
    await confirm.getByRole('button', { name: 'Create secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your new signing secret' });
    await dialog.getByText('You will not see this signing secret again.', { exact: false }).waitFor();
    secret = (await dialog.getByTestId('secret-value').textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole('button', { name: 'Copy to clipboard' }).waitFor();
    await confirm.waitFor({ state: 'detached' });
    await shot(page, 'partner-webhook-secret');
    await dialog.getByRole('button', { name: 'Done, close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.ok(!(await page.content()).includes(secret), 'the secret is still in the page after closing its dialog');
  });

  test('"Send test event" is delivered, signed with the secret from the dialog', async () => {
    const page = partnerPage;
    const before = received.length;
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event delivered').waitFor();
    await page.getByText(/^Delivered: the receiver answered HTTP 200 in \d+ ms\.$/).waitFor();
    await shot(page, 'partner-webhook');

    const tests = received.slice(before).filter((request) => request.headers['x-partnerhub-event'] === 'webhook.test');
    assert.equal(tests.length, 1, `the receiver got ${tests.length} test events`);
    const [request] = tests;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/hook');
    const eventId = verifySignature(request, secret);
    assert.equal(JSON.parse(request.body).event, 'webhook.test');
    // The page names the same event.
    await page.getByText(eventId, { exact: true }).waitFor();
  });

  test('a change made in the UI is delivered, signed, and shows in the delivery log as delivered', async () => {
    const page = partnerPage;
    const before = received.length;
    await nav(page, 'Settings');
    await page.getByRole('switch', { name: /Approve incoming partner changes automatically/ }).click();
    await page.getByText(/^Incoming partner changes are now/).waitFor();

    const request = await eventually('delivery of partner.updated to the receiver', () =>
      received.slice(before).find((candidate) => candidate.headers['x-partnerhub-event'] === 'partner.updated'),
    );
    const eventId = verifySignature(request, secret);
    const envelope = JSON.parse(request.body);
    assert.equal(envelope.event, 'partner.updated');
    assert.ok(envelope.created_at && envelope.data, `envelope ${request.body}`);

    await nav(page, 'Webhook deliveries');
    const table = page.getByRole('table', { name: 'Webhook deliveries' });
    const row = table.getByRole('row').filter({ hasText: eventId });
    await eventually('the delivery shown as delivered', async () => {
      if ((await row.count()) === 1 && (await row.getByText('Delivered', { exact: true }).count()) === 1) return true;
      await page.reload();
      await table.waitFor();
      return undefined;
    });
    await row.getByText('partner.updated').waitFor();
    await row.getByText('HTTP 200').waitFor();
    await row.getByRole('button', { name: /^Redeliver delivery \d+$/ }).waitFor();
    await shot(page, 'partner-webhook-deliveries');

    await row.getByRole('link', { name: /^Attempts of delivery \d+$/ }).click();
    await page.getByRole('heading', { level: 2, name: /^Attempts of delivery \d+$/ }).waitFor();
    const attempt = page.getByRole('article').first();
    await attempt.getByText('HTTP 200').waitFor();
    await attempt.getByText('{"ok":true}').waitFor();
    await attempt.getByText(hookUrl).waitFor();
    await shot(page, 'partner-webhook-attempts');
    await partnerPage.context().close();
  });

  test('the operator sees the partner on the webhook health page', async () => {
    const page = await newPage();
    try {
      await signIn(page, 'admin@demo.partnerhub.example');
      await nav(page, 'Webhook health');
      const table = page.getByRole('table', { name: 'Webhook health' });
      const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Acme Messaging' }) });
      await row.waitFor();
      await row.getByText(hookUrl).waitFor();
      const cells = await row.getByRole('cell').allTextContents();
      assert.ok(Number(cells[2]) >= 2, `attempts in 24 h: ${cells[2]}`);
      assert.match(cells[4], /^\d+(\.\d)?%$/);
      await shot(page, 'operator-webhook-health');
    } finally {
      await page.context().close();
    }
  });
});
