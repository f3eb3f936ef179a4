import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { bakery, ids, page } from '../test/fixtures';
import { hoursFromNow, minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { WabaTemplate } from './api';
import { bluebirdWaba, orderUpdate, partnerBase, referenceTemplate, springSale, wabaId } from './fixtures';

const partnerPage = `/partner/clients/${ids.client}/wabas/${wabaId}/templates`;
const clientPath = `/api/v2/partners/${ids.partner}/clients/${ids.client}`;

type Handler = (request: Request) => Response | Promise<Response>;

/** hub is a fake server with one WABA and its templates; created templates come back submitted. */
function hub(templates: WabaTemplate[] = [], extra: Record<string, Handler> = {}) {
  return fakeServer({
    [`GET ${clientPath}`]: () => json(200, bakery),
    [`GET ${clientPath}/waba_accounts`]: () => json(200, { waba_accounts: [bluebirdWaba] }),
    [`GET ${partnerBase}`]: () => json(200, page('waba_templates', templates)),
    [`POST ${partnerBase}`]: async (request) => {
      const sent = await request.json();
      return json(201, { ...orderUpdate(), ...sent, id: 'new1TP', status: 'submitted', quality_score: 'UNKNOWN', created_at: minutesFromNow(0) });
    },
    ...extra,
  });
}

/** openBuilder signs in as a partner admin, starts the fake hub and opens the builder of a new template. */
async function openBuilder(templates: WabaTemplate[] = [], extra: Record<string, Handler> = {}) {
  await signInAs('partner_admin', { partner_id: ids.partner });
  const fetchMock = hub(templates, extra);
  renderApp(partnerPage);
  fireEvent.click(await screen.findByRole('button', { name: 'New template' }));
  return { fetchMock, dialog: await screen.findByRole('dialog', { name: 'New template' }) };
}

const type = (dialog: HTMLElement, label: string | RegExp, value: string) => fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
const preview = (dialog: HTMLElement) => within(within(dialog).getByRole('figure', { name: 'Preview' }));
const posts = (fetchMock: ReturnType<typeof fakeServer>) => bodiesOf(fetchMock, `POST ${partnerBase}`);

describe('template builder', () => {
  it('asks for a sample as each {{n}} is typed, counts characters, and fills the samples into the preview', async () => {
    const { dialog } = await openBuilder();
    expect(within(dialog).queryByLabelText('Sample for {{1}}')).toBeNull();
    type(dialog, /^Body/, 'Hi {{1}}, your order ships');
    expect(within(dialog).getByLabelText('Sample for {{1}}')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Sample for {{2}}')).toBeNull();
    type(dialog, /^Body/, 'Hi {{1}}, your order *ships* {{2}}.');
    expect(within(dialog).getByLabelText('Sample for {{2}}')).toBeInTheDocument();
    expect(within(dialog).getByText(/35 \/ 1024 characters/)).toBeInTheDocument();
    // Before samples, the preview keeps the placeholders.
    expect(preview(dialog).getByTestId('preview-body')).toHaveTextContent('Hi {{1}}, your order ships {{2}}.');
    type(dialog, 'Sample for {{1}}', 'Ana');
    type(dialog, 'Sample for {{2}}', 'today');
    const body = preview(dialog).getByTestId('preview-body');
    expect(body).toHaveTextContent('Hi Ana, your order ships today.');
    expect(within(body).getByText('ships').tagName).toBe('STRONG');

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Text' }));
    type(dialog, 'Header text', 'Order {{1}}');
    expect(within(dialog).getByText(/11 \/ 60 characters/)).toBeInTheDocument();
    type(dialog, "Sample for the header's {{1}}", '#123');
    expect(preview(dialog).getByTestId('preview-header')).toHaveTextContent('Order #123');
    type(dialog, 'Footer (optional)', 'Reply STOP to opt out');
    expect(within(dialog).getByText(/21 \/ 60 characters/)).toBeInTheDocument();
    expect(preview(dialog).getByTestId('preview-footer')).toHaveTextContent('Reply STOP to opt out');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a quick reply' }));
    type(dialog, 'Button 1 text', 'Track my parcel now please');
    expect(within(dialog).getByText(/26 \/ 20 characters/)).toBeInTheDocument();
    expect(within(dialog).getByText('Button 1 text: a quick reply must be at most 20 characters')).toBeInTheDocument();
    type(dialog, 'Button 1 text', 'Track');
    expect(within(dialog).queryByText(/Button 1 text:/)).toBeNull();
    expect(preview(dialog).getAllByTestId('preview-button').map((button) => button.textContent?.trim())).toEqual(['↩ Track']);
  });

  it('refuses an invalid template in words before sending anything', async () => {
    const { fetchMock, dialog } = await openBuilder();
    type(dialog, /^Name/, 'Order Update');
    type(dialog, /^Language/, 'en_US');
    type(dialog, /^Category/, 'UTILITY');
    type(dialog, /^Body/, '{{1}} {{2}} your order ships');
    type(dialog, 'Sample for {{1}}', 'Ana');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a website button' }));
    type(dialog, 'Button 1 text', 'Open');
    type(dialog, 'Button 1 URL', 'http://bit.ly/{{1}}');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));

    const refusal = await within(dialog).findByRole('alert');
    expect(refusal).toHaveTextContent('Not sent: WhatsApp would refuse this template');
    expect(within(refusal).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Name: may hold only lowercase letters, digits and underscores',
      'Body text: two parameters may not stand side by side: put words between them',
      'Body text: may not start with a parameter',
      'Sample values: the sample value of {{2}} is empty',
      'Button 1 URL: must be an https URL',
      'Button 1 sample: needs one sample URL (https) with the parameter filled in',
    ]);
    // Each problem also stands at its field.
    expect(within(dialog).getByLabelText(/^Name/)).toHaveAccessibleDescription(/may hold only lowercase letters/);
    expect(within(dialog).getByLabelText('Button 1 URL')).toHaveAccessibleDescription(/Button 1 URL: must be an https URL/);
    expect(await posts(fetchMock)).toEqual([]);
  });

  it('submits the Meta-shaped body and shows the template in review', async () => {
    let templates: WabaTemplate[] = [];
    const { fetchMock, dialog } = await openBuilder([], {
      [`GET ${partnerBase}`]: () => json(200, page('waba_templates', templates)),
      [`POST ${partnerBase}`]: async (request) => {
        const sent = await request.json();
        const created = { ...orderUpdate(), ...sent, id: 'new1TP', status: 'submitted', quality_score: 'UNKNOWN' };
        templates = [created];
        return json(201, created);
      },
    });
    type(dialog, /^Name/, 'order_update');
    type(dialog, /^Language/, 'en_US');
    type(dialog, /^Category/, 'UTILITY');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Text' }));
    type(dialog, 'Header text', 'Order {{1}}');
    type(dialog, "Sample for the header's {{1}}", '#123');
    type(dialog, /^Body/, 'Hi {{1}}, your order ships {{2}}.');
    type(dialog, 'Sample for {{1}}', 'Ana');
    type(dialog, 'Sample for {{2}}', 'today');
    type(dialog, 'Footer (optional)', 'Reply STOP to opt out');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a quick reply' }));
    type(dialog, 'Button 1 text', 'Track');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a website button' }));
    type(dialog, 'Button 2 text', 'Open');
    type(dialog, 'Button 2 URL', 'https://shop.example/o/{{1}}');
    type(dialog, "Sample for the URL's {{1}}", '123');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a phone button' }));
    type(dialog, 'Button 3 text', 'Call us');
    type(dialog, 'Button 3 phone number', '+4930123456');
    // One website and one phone button at most: their buttons are used up.
    expect(within(dialog).getByRole('button', { name: 'Add a website button' })).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Add a phone button' })).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Add a quick reply' })).toBeEnabled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));

    expect(await screen.findByText('order_update (English (US)) is submitted for review. Its status changes here when Meta has decided.')).toBeInTheDocument();
    expect(await posts(fetchMock)).toEqual([referenceTemplate()]);
    const row = (await screen.findByText('order_update', { selector: 'p' })).closest('tr') as HTMLElement;
    expect(await within(row).findByText('Submitted — in review')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New template' })).toBeNull());
  });

  it('builds an authentication template in its fixed format', async () => {
    const { fetchMock, dialog } = await openBuilder();
    type(dialog, /^Name/, 'login_code');
    type(dialog, /^Language/, 'de');
    type(dialog, /^Category/, 'AUTHENTICATION');
    expect(within(dialog).queryByLabelText(/^Body/)).toBeNull();
    type(dialog, 'Code expires after (minutes)', '91');
    expect(within(dialog).getByText('Code expiry: must be from 1 to 90')).toBeInTheDocument();
    type(dialog, 'Code expires after (minutes)', '5');
    expect(preview(dialog).getByTestId('preview-body')).toHaveTextContent('123456 is your verification code. For your security, do not share this code.');
    expect(preview(dialog).getByTestId('preview-footer')).toHaveTextContent('This code expires in 5 minutes.');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'One-tap autofill (Android)' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Code button: a one-tap button names the Android app: package_name and signature_hash');
    type(dialog, 'Android package name', 'com.bluebird.app');
    type(dialog, 'App signature hash', 'K8a/AINcGX7');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    await screen.findByText(/login_code \(German\) is submitted for review/);
    expect(await posts(fetchMock)).toEqual([
      {
        name: 'login_code',
        language: 'de',
        category: 'AUTHENTICATION',
        components: [
          { type: 'BODY', add_security_recommendation: true },
          { type: 'FOOTER', code_expiration_minutes: 5 },
          { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP', text: 'Copy code', package_name: 'com.bluebird.app', signature_hash: 'K8a/AINcGX7' }] },
        ],
      },
    ]);
  });

  it('shows the server’s 422 problems at their fields, and a name clash in words', async () => {
    let answer: Response | null = null;
    const { dialog } = await openBuilder([], { [`POST ${partnerBase}`]: () => answer! });
    type(dialog, /^Name/, 'order_update');
    type(dialog, /^Language/, 'en_US');
    type(dialog, /^Category/, 'UTILITY');
    type(dialog, /^Body/, 'Your order ships today.');
    answer = json(422, {
      meta: { success: false, http_code: 422, code: 'template_invalid', developer_message: 'The template breaks WhatsApp’s rules.', details: ['components[0].text: must be at most 1024 characters'] },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    const refusal = await within(dialog).findByRole('alert');
    expect(refusal).toHaveTextContent('The server refused the template');
    expect(refusal).toHaveTextContent('Body text: must be at most 1024 characters');
    expect(within(dialog).getByLabelText(/^Body/)).toHaveAccessibleDescription(/Body text: must be at most 1024 characters/);

    answer = json(409, { meta: { success: false, http_code: 409, code: 'template_exists', developer_message: 'template exists' } });
    type(dialog, /^Body/, 'Your order ships soon.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    expect(
      await within(dialog).findByText('This WhatsApp Business Account already has a template of this name in this language. Choose another name, or another language.'),
    ).toBeInTheDocument();
  });
});

describe('editing templates', () => {
  it('edits the components of an approved template, with its category locked', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub([orderUpdate()], {
      [`PATCH ${partnerBase}/t1TP`]: async (request) => json(200, { ...orderUpdate(), ...(await request.json()), status: 'submitted' }),
    });
    renderApp(partnerPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit order_update (English (US))' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit order_update' });
    expect(within(dialog).getByLabelText(/^Name/)).toBeDisabled();
    expect(within(dialog).getByLabelText(/^Language/)).toBeDisabled();
    expect(within(dialog).getByLabelText(/^Category/)).toBeDisabled();
    expect(within(dialog).getByText('The category of an approved template cannot change.')).toBeInTheDocument();
    // The template opens as it is: samples, the URL's sample value and the buttons.
    expect(within(dialog).getByLabelText('Sample for {{2}}')).toHaveValue('today');
    expect(within(dialog).getByLabelText("Sample for the URL's {{1}}")).toHaveValue('123');
    type(dialog, 'Sample for {{2}}', 'tomorrow');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove button 1' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save and resubmit' }));
    expect(await screen.findByText('order_update is saved and submitted for review again.')).toBeInTheDocument();
    const [edit] = (await bodiesOf(fetchMock, `PATCH ${partnerBase}/t1TP`)) as { components: { type: string; example?: unknown; buttons?: unknown[] }[]; category?: string }[];
    expect(Object.keys(edit)).toEqual(['components']);
    expect(edit.components[1].example).toEqual({ body_text: [['Ana', 'tomorrow']] });
    expect(edit.components[3].buttons).toEqual([
      { type: 'URL', text: 'Open', url: 'https://shop.example/o/{{1}}', example: ['https://shop.example/o/123'] },
      { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+4930123456' },
    ]);
  });

  it('says when an approved template may be edited next, and does not send before', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub([orderUpdate({ next_edit_at: hoursFromNow(5) })]);
    renderApp(partnerPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit order_update (English (US))' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit order_update' });
    expect(within(dialog).getByText(/The next edit is possible on .*\(in 5 hours\)\./)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save and resubmit' })).toBeDisabled();
    expect(fetchMock.mock.calls.filter(([request]) => (request as Request).method === 'PATCH')).toHaveLength(0);
  });

  it('changes the category of a rejected template along with its components', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub([springSale()], {
      [`PATCH ${partnerBase}/t2TP`]: async (request) => json(200, { ...springSale(), ...(await request.json()), status: 'submitted' }),
    });
    renderApp(partnerPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit spring_sale (German)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit spring_sale' });
    type(dialog, /^Category/, 'MARKETING');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save and resubmit' }));
    await screen.findByText('spring_sale is saved and submitted for review again.');
    expect(await bodiesOf(fetchMock, `PATCH ${partnerBase}/t2TP`)).toEqual([
      { components: [{ type: 'BODY', text: 'Get 20% off today, {{1}}!', example: { body_text: [['Ana']] } }], category: 'MARKETING' },
    ]);
  });

  it('adds a language: the builder opens with the template, its name kept and the language to choose', async () => {
    await signInAs('partner_admin', { partner_id: ids.partner });
    const fetchMock = hub([orderUpdate()]);
    renderApp(partnerPage);
    fireEvent.click(await screen.findByRole('button', { name: 'Add a language to order_update' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a language to order_update' });
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue('order_update');
    expect(within(dialog).getByLabelText(/^Name/)).toBeDisabled();
    expect(within(dialog).getByLabelText(/^Language/)).toHaveValue('');
    type(dialog, /^Body/, 'Hallo {{1}}, deine Bestellung kommt {{2}}.');
    type(dialog, 'Sample for {{2}}', 'heute');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Language: must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR');
    expect(await posts(fetchMock)).toEqual([]);
    type(dialog, /^Language/, 'de');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Submit for review' }));
    await screen.findByText(/order_update \(German\) is submitted for review/);
    const [sent] = (await posts(fetchMock)) as { name: string; language: string; components: { type: string; text?: string; example?: unknown }[] }[];
    expect(sent.name).toBe('order_update');
    expect(sent.language).toBe('de');
    expect(sent.components[1]).toEqual({ type: 'BODY', text: 'Hallo {{1}}, deine Bestellung kommt {{2}}.', example: { body_text: [['Ana', 'heute']] } });
  });
});
