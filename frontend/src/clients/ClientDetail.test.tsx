import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { bakery, ids, page, runningChannel } from '../test/fixtures';
import { minutesFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import { maxChannelsProblem } from './ClientDetail';

const clientPath = `/api/v2/partners/${ids.partner}/clients/${ids.client}`;

describe('client detail', () => {
  beforeEach(() => signInAs('partner_admin', { partner_id: ids.partner }));

  it('shows the client and its numbers, and saves only the changed field', async () => {
    let current = bakery;
    const fetchMock = fakeServer({
      [`GET ${clientPath}`]: () => json(200, current),
      [`PATCH ${clientPath}`]: async (request) => json(200, (current = { ...current, ...(await request.json()), modified_at: minutesFromNow(0) })),
      [`GET /api/v2/partners/${ids.partner}/channels`]: () => json(200, page('partner_channels', [runningChannel()])),
    });
    renderApp(`/partner/clients/${ids.client}`);
    expect(await screen.findByRole('heading', { level: 2, name: 'Bluebird Bakery' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: '+4915112345001' })).toHaveAttribute('href', `/partner/channels/${ids.channel}`);
    expect(JSON.parse(queriesOf(fetchMock, `GET /api/v2/partners/${ids.partner}/channels`)[0].filters)).toEqual({ client_id: ids.client });

    const max = screen.getByLabelText(/^Maximum numbers/);
    fireEvent.change(max, { target: { value: '2' } });
    expect(screen.getByText('Maximum numbers cannot be below the 3 numbers this client already has.')).toBeInTheDocument();
    fireEvent.change(max, { target: { value: '25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save client' }));
    expect(await screen.findByText('Client saved.')).toBeInTheDocument();
    expect(screen.getByText('3 of at most 25')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `PATCH ${clientPath}`)).toEqual([{ max_channels: 25 }]);
  });
});

describe('number limit of a client', () => {
  it.each([
    ['3', 3, null],
    ['10000', 0, null],
    ['10001', 0, 'Maximum numbers must be from 0 to 10000.'],
    ['2', 3, 'Maximum numbers cannot be below the 3 numbers this client already has.'],
    ['2.5', 0, 'Maximum numbers must be a whole number.'],
    ['', 0, 'Maximum numbers must be a whole number.'],
  ])('%j with %d numbers → %j', (value, count, problem) => expect(maxChannelsProblem(value, count)).toBe(problem));
});
