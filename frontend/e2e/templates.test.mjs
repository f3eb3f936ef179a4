// Browser tests of message templates against a real demo server whose provider simulator reviews
// a template two seconds after it is submitted (--simulator-step 2s; the background sweep runs
// every 5 s): the partner admin of Acme Messaging opens the templates of Bluebird Bakery's WABA
// from the client's page, builds a template with two body parameters and three buttons, sees it
// in review and then approved without reloading; a template that breaks WhatsApp's rules is
// refused in words before anything is sent; a utility template with an offer comes back rejected
// with its reason in words. The platform admin then finds the template in the operator console
// and pauses it with the simulator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nav, shot, useHub } from './kit.mjs';

const acmeAdmin = 'admin@acme-messaging.example';
const operatorEmail = 'admin@demo.partnerhub.example';
const wabaName = 'Bluebird Bakery WABA';

const hub = useHub({ serverOptions: { simulatorStep: '2s' } });

// A review takes the step plus up to one sweep; the list refreshes every 3 s.
const reviewTimeout = 25_000;

// openTemplates signs in as the Acme admin and opens the templates of Bluebird Bakery's WABA from the client's page.
async function openTemplates(page) {
  await hub.signIn(page, acmeAdmin);
  await nav(page, 'Clients');
  await page.getByRole('link', { name: 'Bluebird Bakery', exact: true }).click();
  await page.getByRole('table', { name: 'WhatsApp Business Accounts' }).getByRole('link', { name: `Templates of ${wabaName}` }).click();
  await page.getByRole('heading', { level: 2, name: `Templates of ${wabaName}` }).waitFor();
  return page.getByRole('table', { name: 'Message templates' });
}

const rowOf = (table, name, language) => table.getByRole('row').filter({ hasText: name }).filter({ hasText: language });

// templatePosts counts the create calls a page sends.
function templatePosts(page) {
  const sent = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/waba_templates')) sent.push(request);
  });
  return sent;
}

describe('message templates', () => {
  test('a template with two body parameters and buttons goes into review, then shows approved', async () => {
    const page = await hub.newPage();
    try {
      const table = await openTemplates(page);
      // The demo WABA's own templates are listed, the rejected one with its reason.
      await rowOf(table, 'weekend_offer', 'English (US)').getByText(/The content does not fit the category/).waitFor();

      await page.getByRole('button', { name: 'New template' }).click();
      const dialog = page.getByRole('dialog', { name: 'New template' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('delivery_update');
      await dialog.getByRole('combobox', { name: 'Language' }).selectOption('en_US');
      await dialog.getByRole('combobox', { name: 'Category' }).selectOption('UTILITY');
      await dialog.getByRole('textbox', { name: 'Body' }).fill('Hi {{1}}, your parcel *{{2}}* arrives today.');
      await dialog.getByRole('textbox', { name: 'Sample for {{1}}' }).fill('Ana');
      await dialog.getByRole('textbox', { name: 'Sample for {{2}}' }).fill('BB-1042');
      await dialog.getByRole('textbox', { name: 'Footer (optional)' }).fill('Bluebird Bakery');
      await dialog.getByRole('button', { name: 'Add a quick reply' }).click();
      await dialog.getByRole('textbox', { name: 'Button 1 text' }).fill('Thanks');
      await dialog.getByRole('button', { name: 'Add a website button' }).click();
      await dialog.getByRole('textbox', { name: 'Button 2 text' }).fill('Track parcel');
      await dialog.getByRole('textbox', { name: 'Button 2 URL' }).fill('https://bluebird-bakery.example/track/{{1}}');
      await dialog.getByRole('textbox', { name: "Sample for the URL's {{1}}" }).fill('BB-1042');
      await dialog.getByRole('button', { name: 'Add a phone button' }).click();
      await dialog.getByRole('textbox', { name: 'Button 3 text' }).fill('Call the shop');
      await dialog.getByRole('textbox', { name: 'Button 3 phone number' }).fill('+4930123456');
      const preview = dialog.getByRole('figure', { name: 'Preview' });
      await preview.getByText('Hi Ana, your parcel BB-1042 arrives today.').waitFor();
      assert.equal(await preview.locator('strong').textContent(), 'BB-1042');
      await shot(page, 'templates-builder');

      const sent = page.waitForResponse((response) => response.url().endsWith('/waba_templates') && response.request().method() === 'POST');
      await dialog.getByRole('button', { name: 'Submit for review' }).click();
      const answer = await sent;
      assert.equal(answer.status(), 201, await answer.text());
      const created = await answer.json();
      assert.equal(created.status, 'submitted');
      assert.deepEqual(created.components.find((component) => component.type === 'BODY').example, { body_text: [['Ana', 'BB-1042']] });
      assert.deepEqual(
        created.components.find((component) => component.type === 'BUTTONS').buttons.map((button) => button.type),
        ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'],
      );
      await dialog.waitFor({ state: 'detached' });
      const row = rowOf(table, 'delivery_update', 'English (US)');
      await row.getByText('Submitted — in review').waitFor();
      await row.getByText('by Ada Acme').waitFor();
      await shot(page, 'templates-submitted');
      // No reload: the list refreshes itself while a template is in review.
      await row.getByText('Approved', { exact: true }).waitFor({ timeout: reviewTimeout });
      await shot(page, 'templates-approved');
    } finally {
      await page.context().close();
    }
  });

  test('a template that breaks the rules is refused in words before anything is sent', async () => {
    const page = await hub.newPage();
    try {
      await openTemplates(page);
      const posts = templatePosts(page);
      await page.getByRole('button', { name: 'New template' }).click();
      const dialog = page.getByRole('dialog', { name: 'New template' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Delivery Update');
      await dialog.getByRole('combobox', { name: 'Language' }).selectOption('de');
      await dialog.getByRole('combobox', { name: 'Category' }).selectOption('UTILITY');
      await dialog.getByRole('textbox', { name: 'Body' }).fill('{{1}} {{3}} kommt heute');
      await dialog.getByRole('textbox', { name: 'Footer (optional)' }).fill('x'.repeat(61));
      await dialog.getByText('61 / 60 characters', { exact: false }).waitFor();
      await dialog.getByRole('button', { name: 'Submit for review' }).click();
      const refusal = dialog.getByRole('alert').filter({ hasText: 'Not sent: WhatsApp would refuse this template' });
      await refusal.waitFor();
      for (const words of [
        'Name: may hold only lowercase letters, digits and underscores',
        'Body text: parameters must be numbered from {{1}} without gaps: {{2}} is missing',
        'Body text: two parameters may not stand side by side: put words between them',
        'Body text: may not start with a parameter',
        'Footer text: must be at most 60 characters',
      ]) {
        await refusal.getByText(words, { exact: true }).waitFor();
      }
      await shot(page, 'templates-refused');
      assert.equal(posts.length, 0, 'an invalid template was sent to the server');
    } finally {
      await page.context().close();
    }
  });

  test('a utility template with an offer comes back rejected, with the reason in words', async () => {
    const page = await hub.newPage();
    try {
      const table = await openTemplates(page);
      await page.getByRole('button', { name: 'New template' }).click();
      const dialog = page.getByRole('dialog', { name: 'New template' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill('birthday_treat');
      await dialog.getByRole('combobox', { name: 'Language' }).selectOption('en_GB');
      await dialog.getByRole('combobox', { name: 'Category' }).selectOption('UTILITY');
      await dialog.getByRole('textbox', { name: 'Body' }).fill('Happy birthday, {{1}}! Get 20% off any cake this week.');
      await dialog.getByRole('textbox', { name: 'Sample for {{1}}' }).fill('Ana');
      await dialog.getByRole('button', { name: 'Submit for review' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = rowOf(table, 'birthday_treat', 'English (UK)');
      await row.getByText('Rejected', { exact: true }).waitFor({ timeout: reviewTimeout });
      await row.getByText(/The content does not fit the category: a utility template may not carry an offer\./).waitFor();
      await row.getByText(/20% off/).waitFor();
      await shot(page, 'templates-rejected');

      // Filtering by status finds it; it may be edited now, with the category changed.
      await page.getByRole('combobox', { name: 'Status' }).selectOption('rejected');
      await rowOf(table, 'birthday_treat', 'English (UK)').getByRole('button', { name: 'Edit birthday_treat (English (UK))' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit birthday_treat' });
      await edit.getByRole('combobox', { name: 'Category' }).selectOption('MARKETING');
      await edit.getByRole('button', { name: 'Save and resubmit' }).click();
      await edit.waitFor({ state: 'detached' });
      await page.getByRole('combobox', { name: 'Status' }).selectOption('');
      await rowOf(table, 'birthday_treat', 'English (UK)').getByText('Approved', { exact: true }).waitFor({ timeout: reviewTimeout });
      await rowOf(table, 'birthday_treat', 'English (UK)').getByText('Marketing').waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('the platform admin finds the template and pauses it with the simulator', async () => {
    const page = await hub.newPage();
    try {
      await hub.signIn(page, operatorEmail);
      await nav(page, 'Templates');
      await page.getByRole('combobox', { name: 'Partner' }).selectOption({ label: 'Acme Messaging' });
      await page.getByRole('combobox', { name: 'Client' }).locator('option', { hasText: 'Bluebird Bakery' }).waitFor({ state: 'attached' });
      await page.getByRole('combobox', { name: 'Client' }).selectOption({ label: 'Bluebird Bakery' });
      await page.getByRole('link', { name: `Templates of ${wabaName}` }).click();
      const table = page.getByRole('table', { name: 'Message templates' });
      const row = rowOf(table, 'delivery_update', 'English (US)');
      await row.getByText('Approved', { exact: true }).waitFor();
      const mainNav = page.getByRole('navigation', { name: 'Main navigation' });
      assert.equal(await mainNav.getByRole('link', { name: 'Templates', exact: true }).getAttribute('data-active'), 'true', 'the navigation marks Templates');
      assert.equal(await mainNav.getByRole('link', { name: 'Partners', exact: true }).getAttribute('data-active'), null, 'the navigation marks Partners');
      assert.equal(await page.getByRole('button', { name: 'New template' }).count(), 0, 'platform staff may create templates');
      await row.getByRole('button', { name: 'Simulator for delivery_update (English (US))' }).click();
      await page.getByRole('menuitem', { name: 'Pause' }).click();
      await row.getByText('Paused', { exact: true }).waitFor();
      await page.getByText('The simulator set delivery_update to Paused').waitFor();
      await shot(page, 'templates-operator-paused');
    } finally {
      await page.context().close();
    }
  });
});
