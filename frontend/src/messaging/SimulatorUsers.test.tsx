import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { acmePartner, ids, page, runningChannel } from '../test/fixtures';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import type { SimulatedUser } from './api';
import { anaConversations, anaMessages, anaWaId, directory, message, simulatedUser } from './fixtures';

type Routes = Record<string, (request: Request) => Response | Promise<Response>>;

const usersPath = '/api/v2/operator/simulator/users';

/** simulator is a fake hub with the simulator's inbox, its directory and Ana's conversations. */
function simulator(users: () => SimulatedUser[] = directory, extra: Routes = {}) {
  return fakeServer({
    'GET /api/v2/operator/simulator/inbox': () => json(200, { messages: [] }),
    [`GET ${usersPath}`]: () => json(200, page('users', users())),
    [`GET ${usersPath}/su1/conversations`]: () => json(200, page('conversations', anaConversations())),
    [`GET ${usersPath}/su3/conversations`]: () => json(200, page('conversations', [])),
    'GET /api/v2/partners': () => json(200, page('partners', [acmePartner()])),
    [`GET /api/v2/partners/${ids.partner}/channels`]: () =>
      json(200, page('partner_channels', [runningChannel(), runningChannel({ id: 'ch2CH', setup_info: { phone_number: '+4915112345009', phone_name: 'Bluebird Events' } })])),
    ...extra,
  });
}

const usersTable = () => screen.findByRole('table', { name: 'Simulated users' });
const rowOf = async (name: string) => (await within(await usersTable()).findByText(name)).closest('tr') as HTMLElement;

describe('simulated users', () => {
  it('lists the directory by name and number, with each user’s behaviour in words', async () => {
    await signInAs('platform_admin');
    simulator();
    renderApp('/operator/simulator');
    const ana = await rowOf('Ana Souza');
    expect(ana).toHaveTextContent('+5511987654321');
    // Her WhatsApp id lacks the ninth digit, so it is shown too.
    expect(ana).toHaveTextContent(`WhatsApp ID ${anaWaId}`);
    expect(ana).toHaveTextContent('Portuguese (Brazil)');
    expect(within(ana).getByText('Example')).toBeInTheDocument();
    expect(within(ana).getByText('Reachable')).toBeInTheDocument();
    expect(within(ana).getByText('Sends read receipts')).toBeInTheDocument();
    expect(ana).toHaveTextContent('Messages are delivered, then read.');
    const deniz = await rowOf('Deniz Yılmaz');
    expect(within(deniz).getByText('Phone off')).toBeInTheDocument();
    expect(deniz).toHaveTextContent('Messages stay sent until the phone is reachable again.');
    expect(deniz).not.toHaveTextContent('WhatsApp ID');
    expect(within(await rowOf('Farah Khan')).getByText('Blocks businesses')).toBeInTheDocument();
    const gustavo = await rowOf('Gustavo Pereira');
    expect(within(gustavo).getByText('Not on WhatsApp')).toBeInTheDocument();
    expect(gustavo).toHaveTextContent('Messages fail: the number is not on WhatsApp.');
  });

  it('searches by a number typed with spaces', async () => {
    await signInAs('support_agent');
    const fetchMock = simulator();
    renderApp('/operator/simulator');
    await rowOf('Ana Souza');
    fireEvent.change(screen.getByLabelText('Search by name or number'), { target: { value: '+55 11 98765' } });
    await waitFor(() => expect(queriesOf(fetchMock, `GET ${usersPath}`).at(-1)).toEqual({ limit: '20', offset: '0', sort: 'name', filters: '{"q":"+551198765"}' }));
  });

  it('support agents read the directory and the conversations but change nothing', async () => {
    await signInAs('support_agent');
    simulator();
    renderApp('/operator/simulator');
    const ana = await rowOf('Ana Souza');
    expect(screen.queryByRole('button', { name: 'Add a user' })).toBeNull();
    expect(within(ana).queryByRole('button', { name: /^(Edit|Delete)/ })).toBeNull();
    fireEvent.click(within(ana).getByRole('button', { name: 'Conversations of Ana Souza' }));
    const region = await screen.findByRole('region', { name: 'Ana Souza on WhatsApp' });
    expect(await within(region).findByRole('table', { name: 'Conversations of Ana Souza' })).toHaveTextContent('+4915112345001');
    expect(within(region).queryByRole('form')).toBeNull();
    expect(within(region).queryByRole('button', { name: /^Write/ })).toBeNull();
  });

  it('adds a Brazilian user whose WhatsApp ID has no ninth digit', async () => {
    await signInAs('platform_admin');
    let users = directory();
    const fetchMock = simulator(() => users, {
      [`POST ${usersPath}`]: async (request) => {
        const body = await request.json();
        const created = simulatedUser({ id: 'su9', phone_number: body.phone_number, wa_id: '551112345678', name: body.name, language: body.language, seed: false });
        users = [...users, created];
        return json(201, created);
      },
    });
    renderApp('/operator/simulator');
    fireEvent.click(await screen.findByRole('button', { name: 'Add a user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a simulated user' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the user' }));
    expect(await within(dialog).findByText('Phone number is required.')).toBeInTheDocument();
    expect(within(dialog).getByText('Name is required.')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Phone number'), { target: { value: '+55 11 91234 5678' } });
    fireEvent.change(within(dialog).getByLabelText(/^Profile name/), { target: { value: 'Carla Dias' } });
    fireEvent.change(within(dialog).getByLabelText(/^Language/), { target: { value: 'pt_BR' } });
    const ninth = within(dialog).getByRole('checkbox', { name: /WhatsApp knows this number without its ninth digit/ });
    expect(dialog).toHaveTextContent('a WhatsApp ID without the 9 after the area code: 551112345678 instead of 5511912345678.');
    fireEvent.click(ninth);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Sends read receipts/ }));
    expect(dialog).toHaveTextContent('Messages are delivered, but never shown as read.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the user' }));
    expect(await screen.findByText('Carla Dias (+5511912345678) is in the directory, as WhatsApp ID 551112345678.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST ${usersPath}`)).toEqual([
      {
        phone_number: '+5511912345678',
        name: 'Carla Dias',
        language: 'pt_BR',
        on_whatsapp: true,
        reachable: true,
        blocks_business: false,
        read_receipts: false,
        drop_ninth_digit: true,
      },
    ]);
    await rowOf('Carla Dias');
  });

  it('shows a refusal of the directory in words', async () => {
    await signInAs('platform_admin');
    simulator(directory, {
      [`POST ${usersPath}`]: () =>
        json(409, { meta: { success: false, http_code: 409, developer_message: 'The directory already has a user with the number +5511987654321 or the WhatsApp id 5511987654321.', code: 'simulated_user_exists' } }),
    });
    renderApp('/operator/simulator');
    fireEvent.click(await screen.findByRole('button', { name: 'Add a user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a simulated user' });
    fireEvent.change(within(dialog).getByLabelText('Phone number'), { target: { value: '+5511987654321' } });
    fireEvent.change(within(dialog).getByLabelText(/^Profile name/), { target: { value: 'Ana' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the user' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The directory already has a user with the number +5511987654321');
  });

  it('edits a user, sending only what changed', async () => {
    await signInAs('platform_admin');
    let users = directory();
    const fetchMock = simulator(() => users, {
      [`PATCH ${usersPath}/su2`]: async (request) => {
        const changes = await request.json();
        users = users.map((user) => (user.id === 'su2' ? { ...user, ...changes } : user));
        return json(200, users.find((user) => user.id === 'su2'));
      },
    });
    renderApp('/operator/simulator');
    fireEvent.click(within(await rowOf('Deniz Yılmaz')).getByRole('button', { name: 'Edit Deniz Yılmaz' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Deniz Yılmaz' });
    expect(dialog).toHaveTextContent('+905321234567 · WhatsApp ID 905321234567');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Phone reachable/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Deniz Yılmaz is saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `PATCH ${usersPath}/su2`)).toEqual([{ reachable: true }]);
    await waitFor(async () => expect(within(await rowOf('Deniz Yılmaz')).getByText('Reachable')).toBeInTheDocument());
  });

  it('deletes a user after asking', async () => {
    await signInAs('platform_admin');
    let users = directory();
    simulator(() => users, {
      [`DELETE ${usersPath}/su4`]: () => {
        users = users.filter((user) => user.id !== 'su4');
        return new Response(null, { status: 204 });
      },
    });
    renderApp('/operator/simulator');
    fireEvent.click(within(await rowOf('Gustavo Pereira')).getByRole('button', { name: 'Delete Gustavo Pereira' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the simulated user' });
    expect(dialog).toHaveTextContent('Gustavo Pereira (+5511976543210) leaves the directory');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(/Gustavo Pereira \(\+5511976543210\) is no longer in the directory/)).toBeInTheDocument();
    await waitFor(async () => expect(within(await usersTable()).queryByText('Gustavo Pereira')).toBeNull());
  });
});

describe('writing as a simulated user', () => {
  it('shows the user’s conversations and writes a text to one of their numbers', async () => {
    await signInAs('platform_admin');
    const fetchMock = simulator(directory, {
      [`POST /api/v2/operator/simulator/channels/${ids.channel}/inbound`]: async (request) => {
        const body = await request.json();
        return json(201, message({ id: 'wamid.in', direction: 'inbound', status: 'received', summary: body.text.body }));
      },
    });
    renderApp('/operator/simulator');
    fireEvent.click(within(await rowOf('Ana Souza')).getByRole('button', { name: 'Write as Ana Souza' }));
    const region = await screen.findByRole('region', { name: 'Ana Souza on WhatsApp' });
    const conversations = await within(region).findByRole('table', { name: 'Conversations of Ana Souza' });
    const row = (await within(conversations).findByText('+4915112345001')).closest('tr')!;
    expect(row).toHaveTextContent('Bluebird Bakery');
    expect(row).toHaveTextContent('Business: See you at 8!');
    expect(within(row).getByTestId('window')).toHaveTextContent(/^Window open · 23 h 59 min left/);

    fireEvent.click(within(row).getByRole('button', { name: 'Write to +4915112345001' }));
    const form = within(region).getByRole('form', { name: 'Write as Ana Souza' });
    expect(form).toHaveTextContent('To +4915112345001 · Bluebird Bakery');
    fireEvent.click(within(form).getByRole('button', { name: 'Write as Ana Souza' }));
    expect(await within(form).findByText('Message is required.')).toBeInTheDocument();
    fireEvent.change(within(form).getByRole('textbox', { name: 'Message' }), { target: { value: 'Is the rye bread ready?' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Write as Ana Souza' }));
    expect(await within(form).findByText(/^Ana Souza wrote to \+4915112345001 · Bluebird Bakery: “Is the rye bread ready\?”/)).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `POST /api/v2/operator/simulator/channels/${ids.channel}/inbound`)).toEqual([
      { from: anaWaId, name: 'Ana Souza', type: 'text', text: { body: 'Is the rye bread ready?' } },
    ]);
  });

  it('shows the messages of one of the user’s conversations, through the number’s partner', async () => {
    await signInAs('support_agent');
    const fetchMock = simulator(directory, {
      [`GET /api/v2/partners/${ids.partner}/clients/${ids.client}/channels/${ids.channel}/conversations/${anaWaId}/messages`]: () => json(200, page('messages', anaMessages())),
    });
    renderApp('/operator/simulator');
    fireEvent.click(within(await rowOf('Ana Souza')).getByRole('button', { name: 'Conversations of Ana Souza' }));
    const region = await screen.findByRole('region', { name: 'Ana Souza on WhatsApp' });
    fireEvent.click(await within(region).findByRole('button', { name: 'Messages with +4915112345001' }));
    const messages = await within(region).findByRole('list', { name: 'Messages of Ana Souza with +4915112345001' });
    await waitFor(() => expect(within(messages).getAllByRole('listitem').map((bubble) => bubble.getAttribute('data-message-id'))).toEqual(['wamid.1', 'wamid.2', 'wamid.3']));
    expect(within(messages).getAllByTestId('status').map((status) => status.textContent)).toEqual(['✓✓Read', 'Received', '✓Sent']);
    expect(queriesOf(fetchMock, `GET /api/v2/partners/${ids.partner}/clients/${ids.client}/channels/${ids.channel}/conversations/${anaWaId}/messages`).at(-1)).toEqual({ limit: '100', sort: '-created_at' });
  });

  it('picks a number by partner and shares a location or taps a button', async () => {
    await signInAs('platform_admin');
    const fetchMock = simulator(directory, {
      'POST /api/v2/operator/simulator/channels/ch2CH/inbound': () => json(201, message({ id: 'wamid.loc', direction: 'inbound', status: 'received', summary: '📍 Location' })),
    });
    renderApp('/operator/simulator');
    fireEvent.click(within(await rowOf('Farah Khan')).getByRole('button', { name: 'Write as Farah Khan' }));
    const form = await screen.findByRole('form', { name: 'Write as Farah Khan' });
    const partner = within(form).getByRole('combobox', { name: 'Partner' });
    await within(partner).findByRole('option', { name: 'Acme Messaging' });
    fireEvent.change(partner, { target: { value: ids.partner } });
    const number = within(form).getByRole('combobox', { name: 'Number' });
    await within(number).findByRole('option', { name: '+4915112345009 · Bluebird Events · Bluebird Bakery' });
    fireEvent.change(number, { target: { value: 'ch2CH' } });
    fireEvent.click(within(form).getByRole('radio', { name: 'Location' }));
    fireEvent.change(within(form).getByRole('textbox', { name: 'Latitude' }), { target: { value: '95' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Longitude' }), { target: { value: '13.405' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Write as Farah Khan' }));
    expect(await within(form).findByText('Latitude must be a number from -90 to 90.')).toBeInTheDocument();
    fireEvent.change(within(form).getByRole('textbox', { name: 'Latitude' }), { target: { value: '52.52' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Place name (optional)' }), { target: { value: 'Bluebird Bakery' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Write as Farah Khan' }));
    expect(await within(form).findByText(/^Farah Khan wrote to \+4915112345009 · Bluebird Events · Bluebird Bakery: “📍 Location”/)).toBeInTheDocument();

    fireEvent.click(within(form).getByRole('radio', { name: 'Template button' }));
    fireEvent.change(within(form).getByRole('textbox', { name: 'Button text' }), { target: { value: 'On my way' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Write as Farah Khan' }));
    await waitFor(async () => expect(await bodiesOf(fetchMock, 'POST /api/v2/operator/simulator/channels/ch2CH/inbound')).toHaveLength(2));
    expect(await bodiesOf(fetchMock, 'POST /api/v2/operator/simulator/channels/ch2CH/inbound')).toEqual([
      { from: '971501234567', name: 'Farah Khan', type: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Bluebird Bakery' } },
      { from: '971501234567', name: 'Farah Khan', type: 'button', button: { text: 'On my way', payload: 'On my way' } },
    ]);
  });
});
