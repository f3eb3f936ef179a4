import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { daysFromNow } from '../test/now';
import type { PlatformNumber, PlatformNumbers as View } from './api';
import { PlatformNumbers } from './PlatformNumbers';

// The card is not routed yet (the console links it), so it is rendered on its own.
function renderCard() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <PlatformNumbers />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

const path = '/api/v2/operator/platform_numbers';
const unset: View = { numbers: [{ kind: 'support', configured: false }, { kind: 'sandbox', configured: false }], address: 'https://hub.example.com' };
const support: PlatformNumber = {
  kind: 'support',
  configured: true,
  channel_id: 's1CH',
  phone_number: '+4930577140819',
  display_name: 'PartnerHub Support',
  status: 'running',
  set_at: daysFromNow(-2),
  set_by: { user_id: 'u-platform_admin', user_name: 'Paula Platform' },
  open_tickets: 3,
  sandbox_keys: 0,
};

describe('platform numbers', () => {
  it('a platform admin sets up the support number; a taken number is refused in words', async () => {
    await signInAs('platform_admin');
    let attempts = 0;
    const fetchMock = fakeServer({
      [`GET ${path}`]: () => json(200, unset),
      [`PUT ${path}/support`]: () =>
        ++attempts === 1
          ? json(409, { meta: { success: false, http_code: 409, code: 'number_already_active', developer_message: 'This phone number is already active in the hub.' } })
          : json(200, { ...unset, numbers: [support, unset.numbers![1]] }),
    });
    renderCard();
    const card = await screen.findByRole('region', { name: 'Support desk number' });
    expect(within(card).getByText(/Not set up yet/)).toBeInTheDocument();
    expect(screen.getByText('https://hub.example.com')).toBeInTheDocument();
    fireEvent.click(within(card).getByRole('button', { name: 'Set up' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up the support desk number' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('The phone number is required.')).toBeInTheDocument();
    expect(within(dialog).getByText('The display name is required.')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/^Phone number/), { target: { value: '030 577140819' } });
    expect(within(dialog).getByText(/international format with the country code, e\.g\./)).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/^Phone number/), { target: { value: '+49 30 577140819' } });
    fireEvent.change(within(dialog).getByLabelText(/^Display name/), { target: { value: ' PartnerHub Support ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('This phone number is already active in the hub.')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(card).getByText('+4930577140819')).toBeInTheDocument();
    expect(within(card).getByText('Running')).toBeInTheDocument();
    expect(within(card).getByText('Paula Platform')).toBeInTheDocument();
    expect(within(card).getByText('3')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, `PUT ${path}/support`)).toEqual([
      { phone_number: '+4930577140819', display_name: 'PartnerHub Support' },
      { phone_number: '+4930577140819', display_name: 'PartnerHub Support' },
    ]);
  });

  it('changing a number says what it replaces; support agents only look', async () => {
    await signInAs('platform_admin');
    fakeServer({ [`GET ${path}`]: () => json(200, { ...unset, numbers: [support, { ...support, kind: 'sandbox', phone_number: '+4930577140820', sandbox_keys: 7 }] }) });
    const { unmount } = renderCard();
    const sandbox = await screen.findByRole('region', { name: 'Sandbox number' });
    expect(within(sandbox).getByText('7')).toBeInTheDocument();
    fireEvent.click(within(sandbox).getByRole('button', { name: 'Change' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change the sandbox number' });
    fireEvent.change(within(dialog).getByLabelText(/^Phone number/), { target: { value: '+4930577140821' } });
    expect(within(dialog).getByText(/This replaces \+4930577140820: that number stops running and every sandbox key of it stops working/)).toBeInTheDocument();
    unmount();

    await signInAs('support_agent');
    fakeServer({ [`GET ${path}`]: () => json(200, unset) });
    renderCard();
    expect(await screen.findAllByText('Not set up yet: a platform admin sets it up.')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Set up' })).toBeNull();
  });
});
