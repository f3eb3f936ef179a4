import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { daysFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';

const pad = (n: number) => String(n).padStart(2, '0');
/** localInput writes an instant as a datetime-local field holds it, in the browser's zone. */
const localInput = (at: Date) => `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;

describe('agent-entered tickets', () => {
  it('enters a WhatsApp ticket for partner staff with the time it was received, in UTC', async () => {
    await signInAs('support_agent');
    const fetchMock = fakeServer({
      'GET /api/v2/support/topics': () => json(200, { topics: [{ key: 'billing', name: 'Billing', severity: 'standard', premium_severity: 'standard' }] }),
      'GET /api/v2/support/requesters': () =>
        json(200, { requesters: [{ id: 'u7US', name: 'Ada Acme', email: 'admin@acme-messaging.example', requester_kind: 'partner', partner_name: 'Acme Messaging', client_id: null }] }),
      'POST /api/v2/support/tickets': () => json(201, { ticket: { id: 'e1TK' }, keys_masked: 0 }),
    });
    renderApp('/operator/tickets/new');
    fireEvent.click(await screen.findByRole('radio', { name: 'WhatsApp' }));
    fireEvent.change(screen.getByLabelText(/^Received at/), { target: { value: localInput(new Date(daysFromNow(-91))) } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Find the requester/ }), { target: { value: 'acme' } });
    await screen.findByRole('option', { name: 'Ada Acme <admin@acme-messaging.example> — Acme Messaging' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Matching users' }), { target: { value: 'u7US' } });
    expect(screen.getByRole('textbox', { name: /^Requester user id/ })).toHaveValue('u7US');
    fireEvent.change(screen.getByRole('combobox', { name: /^Topic/ }), { target: { value: 'billing' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Severity' }), { target: { value: 'urgent' } });
    fireEvent.change(screen.getByRole('textbox', { name: /^Subject/ }), { target: { value: 'Invoice missing' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enter ticket' }));
    expect(await screen.findByText('Only messages from the last 90 days can be entered.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'POST /api/v2/support/tickets')).toEqual([]);

    const received = new Date(Date.now() - 3600_000);
    received.setSeconds(0, 0);
    fireEvent.change(screen.getByLabelText(/^Received at/), { target: { value: localInput(received) } });
    fireEvent.click(screen.getByRole('button', { name: 'Enter ticket' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/operator/tickets/e1TK'));
    expect(await bodiesOf(fetchMock, 'POST /api/v2/support/tickets')).toEqual([
      {
        source: 'whatsapp',
        received_at: received.toISOString().replace('.000Z', 'Z'),
        requester_user_id: 'u7US',
        topic: 'billing',
        subject: 'Invoice missing',
        description: '',
        language: 'en',
        severity: 'urgent',
      },
    ]);
  });
});
