// Browser tests of support tickets against a real demo server: (1) open → reply → resolve — the
// client admin of Bluebird Bakery (premium plan) opens a ticket in the portal, is shown the
// topic's knowledge-base article before sending, is told what the topic requires, and sees its
// first-response due instant (30 minutes on "always", the premium client rule); the automated
// article message does not stop the first-response timer; the support agent finds it in the queue with a countdown that ticks, replies
// (the first response is met) and resolves it; the client sees the reply and the resolved status.
// (2) policy preview — the operator opens the SLA policy editor, previews a basic client's
// hub-chat ticket opened on Friday 20 Nov 2026 at 21:30 UTC, lengthens rule 1 and sees the due
// instant move to the one the package calendar gives, worked out by hand below; saves it as
// version 1.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nav, shot, useHub } from './kit.mjs';

const operatorEmail = 'admin@demo.partnerhub.example';
const agentEmail = 'agent@demo.partnerhub.example';
const bluebirdAdmin = 'admin@bluebird-bakery.example';
const bakeryPhone = '+4915112345001';

const hub = useHub();

const loginOf = (email) => hub.loginOf(email);

// Pages show instants in the viewer's zone; Berlin makes what the test reads independent of the machine.
const newPage = () => hub.newPage({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

const signIn = (page, email) => hub.signIn(page, email);

// apiCall signs in without a browser and makes one call, as an integration would.
async function apiCall(email, method, path, body) {
  const login = await fetch(`${hub.server.base}/api/v2/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: loginOf(email).password }),
  });
  const { access_token: token } = await login.json();
  const response = await fetch(`${hub.server.base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

const utc = (iso) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

describe('support tickets', () => {
  test('open → reply → resolve: the client sees the due instant, the agent answers from the queue with a live countdown', async () => {
    const subject = `Template rejected ${Date.now()}`;
    // The operator has published an article for the topic.
    const article = await apiCall(operatorEmail, 'POST', '/api/v2/support/kb_articles', {
      topic: 'templates',
      title: 'Why templates get rejected',
      body: 'Variables may not start or end a template.',
      url: 'https://docs.example.com/templates',
      published: true,
    });
    assert.equal(article.status, 201, JSON.stringify(article.body));

    // The client admin opens a ticket about message templates.
    const client = await newPage();
    await signIn(client, bluebirdAdmin);
    await nav(client, 'Support');
    await client.getByRole('heading', { name: 'Support', level: 2 }).waitFor();
    await client.getByRole('link', { name: 'New ticket' }).click();
    await client.getByRole('combobox', { name: 'Topic' }).selectOption({ label: 'Message templates' });
    // The topic's severity for Bluebird's premium package, and its required information as fields.
    await client.getByText('set by the topic for your support package').waitFor();
    // Before anything is sent, the topic's article is suggested.
    await client.getByRole('region', { name: 'Suggested articles' }).getByRole('link', { name: 'Why templates get rejected' }).waitFor();
    await client.getByRole('textbox', { name: 'Subject' }).fill(subject);
    await client.getByRole('button', { name: 'Open ticket' }).click();
    await client.getByText('Template name and language is required for Message templates.').waitFor();
    await client.getByText('Choose the affected number: Message templates needs it.').waitFor();
    await client.getByRole('combobox', { name: 'Affected number' }).selectOption({ label: `${bakeryPhone} · Bluebird Bakery` });
    await client.getByRole('textbox', { name: 'Template name and language' }).fill('order_confirmation (en)');
    await client.getByRole('textbox', { name: 'Description' }).fill('Meta rejected our order confirmation template twice without a reason.');
    const opened = client.waitForResponse((response) => response.url().endsWith('/api/v2/support/tickets') && response.request().method() === 'POST');
    await client.getByRole('button', { name: 'Open ticket' }).click();
    const answer = await opened;
    assert.equal(answer.status(), 201, await answer.text());
    const { ticket } = await answer.json();
    const firstResponse = ticket.timers.find((timer) => timer.metric === 'first_response');
    // A premium client's hub-chat ticket: 30 minutes on "always" (rule 3) beats 24 h on premium_support.
    assert.equal(Date.parse(firstResponse.due_at) - Date.parse(ticket.opened_at), 30 * 60 * 1000);
    await client.getByRole('heading', { name: subject }).waitFor();
    const timer = client.getByRole('region', { name: 'First response timer' });
    await timer.getByText(`(${utc(firstResponse.due_at)})`).waitFor();
    assert.match(await client.getByTestId('first_response-due').textContent(), /^\w{3}, \d{1,2} \w{3} 2\d{3}, \d\d:\d\d:\d\d (CET|CEST|GMT\+\d)$/);
    await shot(client, 'support-client-ticket');

    // The agent finds it in the queue with a live countdown.
    const agent = await newPage();
    await signIn(agent, agentEmail);
    await nav(agent, 'Ticket queue');
    const queue = agent.getByRole('table', { name: 'Ticket queue' });
    const row = queue.getByRole('row').filter({ hasText: subject });
    await row.waitFor();
    const countdown = row.getByLabel(/^First response: \d+m \d\ds left$/);
    const before = await countdown.textContent();
    await agent.waitForTimeout(2100);
    const later = await countdown.textContent();
    assert.notEqual(later, before, `the countdown did not tick: ${before} then ${later}`);
    assert.equal(await countdown.getAttribute('data-tone'), 'running');
    await shot(agent, 'support-agent-queue');

    // Reply, then resolve.
    await row.getByRole('link', { name: subject }).click();
    await agent.getByRole('heading', { name: subject }).waitFor();
    await agent.getByRole('textbox', { name: 'Reply to the requester' }).fill('Your template used a variable at the very start; move it into the sentence and submit again.');
    await agent.getByRole('button', { name: 'Send reply' }).click();
    await agent.getByRole('listitem', { name: 'Message from You' }).waitFor();
    await agent.getByRole('region', { name: 'First response timer' }).getByLabel('First response: Met').waitFor();
    await agent.getByRole('button', { name: 'Resolve' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Resolve the ticket' });
    await dialog.getByRole('textbox', { name: 'Final message to the requester (optional)' }).fill('Resolved: the template was approved.');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await dialog.waitFor({ state: 'detached' });
    await agent.getByText('Resolved', { exact: true }).first().waitFor();
    await shot(agent, 'support-agent-ticket');

    // The client sees the replies and the resolved ticket.
    await client.reload();
    await client.getByRole('heading', { name: subject }).waitFor();
    await client.getByText('Your template used a variable at the very start', { exact: false }).waitFor();
    await client.getByText('Resolved: the template was approved.').waitFor();
    await client.getByText('Support resolved this ticket').waitFor();
    await client.getByRole('listitem', { name: 'Message from Automated message' }).getByText(/Why templates get rejected/).waitFor();
    assert.equal(await client.getByRole('listitem', { name: 'Message from Support' }).count(), 2);
    await client.getByRole('region', { name: 'First response timer' }).getByLabel('First response: Met').waitFor();
    await shot(client, 'support-client-resolved');
    await client.context().close();
    await agent.context().close();
  });

  test('policy preview: lengthening rule 1 moves the due instant to the package calendar', async () => {
    const page = await newPage();
    await signIn(page, operatorEmail);
    await nav(page, 'SLA policy');
    await page.getByRole('heading', { name: 'SLA policy' }).waitFor();
    const preview = page.getByRole('region', { name: 'Live preview' });
    // A basic client's hub-chat ticket of standard severity, opened Friday 20 Nov 2026 21:30 UTC
    // (22:30 in Berlin, CET = UTC+1). Two seeded first-response rules match:
    //   rule 1  client basic, 24 h on "always": 21:30 Saturday 21 Nov UTC;
    //   rule 9  standard package, standard severity, 24 h on standard_support (Mon–Fri 02:00–22:00
    //           Berlin, 20 h a day): Friday's window is over, the weekend has none; Monday 23 Nov
    //           02:00–22:00 Berlin gives 20 h (01:00–21:00 UTC), the last 4 h run Tuesday 24 Nov
    //           02:00–06:00 Berlin → due 2026-11-24 05:00 UTC; its warning at 80 % (19 h 12 min of
    //           calendar time) is Monday 02:00 + 19:12 = 21:12 Berlin → 2026-11-23 20:12 UTC.
    // The earliest wins: rule 1 as seeded.
    await preview.getByRole('textbox', { name: 'Opened at (RFC 3339)' }).fill('2026-11-20T21:30:00Z');
    await preview.getByRole('combobox', { name: 'Requester' }).selectOption('client');
    await preview.getByRole('combobox', { name: 'Plan' }).selectOption('basic');
    await preview.getByRole('combobox', { name: 'Source' }).selectOption('hub_chat');
    await preview.getByRole('combobox', { name: 'Severity' }).selectOption('standard');
    const due = preview.getByTestId('preview-first_response-due');
    await page.waitForFunction((element) => element?.textContent === '2026-11-21 21:30:00 UTC', await due.elementHandle());

    // Rule 1 to 4 days: "always" would give Tuesday 21:30 UTC, so rule 9's 05:00 UTC is earlier.
    const rule = page.getByRole('region', { name: 'Rule 1', exact: true });
    const target = rule.getByRole('textbox', { name: /^Target/ });
    assert.equal(await target.inputValue(), '1d');
    await target.fill('4');
    await rule.getByText('Write the target with units d, h, m, s — like 4h, 1d 12h or 30m.').waitFor();
    await preview.getByText('Fix the draft first').waitFor();
    await target.fill('4d');
    await page.waitForFunction((element) => element?.textContent === '2026-11-24 05:00:00 UTC', await due.elementHandle());
    assert.equal(await preview.getByTestId('preview-first_response-warning').textContent(), '2026-11-23 20:12:00 UTC');
    await preview.getByRole('table', { name: 'Matched rules' }).getByRole('row', { name: /^9 · First response ✓/ }).waitFor();
    // The editor is long; the viewport shows the rule changed and the preview beside it.
    await shot(page, 'support-policy-preview', false);

    // Saved as the next version, which is live.
    await page.getByRole('textbox', { name: 'What changed (note)' }).fill('Basic clients: four days around the clock');
    await page.getByRole('button', { name: 'Save as version 1' }).click();
    await page.getByText('Saved as version 1').waitFor();
    const versions = page.getByRole('table', { name: 'Policy versions' });
    await versions.getByRole('row', { name: /^1 Live .*Basic clients: four days around the clock/ }).waitFor();
    await page.context().close();
  });
});
