import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { failure, fakeServer, json, sessionFor } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { refresh } from './session';

// Labels carry a required marker after the words, so match on how they start.
const input = (label: string) => screen.getByLabelText(new RegExp(`^${label}`));
const type = (label: string, value: string) => fireEvent.change(input(label), { target: { value } });

describe('change password', () => {
  beforeEach(async () => {
    fakeServer({ 'POST /api/v2/auth/refresh': () => json(200, sessionFor('partner_admin', true)) });
    await refresh();
  });

  it.each([
    ['11 letters', 'a'.repeat(11), 'Use at least 12 characters (11 so far).'],
    ['12 letters', 'a'.repeat(12), null],
    ['256 letters', 'a'.repeat(256), null],
    ['257 letters', 'a'.repeat(257), 'Use at most 256 characters (257 now).'],
    ['11 emoji, counted as characters', '🔑'.repeat(11), 'Use at least 12 characters (11 so far).'],
  ])('judges a new password of %s as the user types', (_, value, problem) => {
    renderApp('/account/password');
    type('New password', value);
    expect(screen.queryByText(/^Use at (least|most) \d+ characters/)?.textContent ?? null).toBe(problem);
  });

  it('asks for the same new password twice', () => {
    renderApp('/account/password');
    type('New password', 'correct horse battery');
    type('Repeat new password', 'correct horse battery!');
    expect(screen.getByText('The two new passwords differ.')).toBeInTheDocument();
    type('Repeat new password', 'correct horse battery');
    expect(screen.queryByText('The two new passwords differ.')).toBeNull();
  });

  it('shows the server refusal in words', async () => {
    fakeServer({ 'POST /api/v2/auth/password': () => failure(422, 'The current password is not right.') });
    renderApp('/account/password');
    type('Current password', 'old one');
    type('New password', 'correct horse battery');
    type('Repeat new password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The current password is not right.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/account/password');
  });

  it('opens the area once the required change is done', async () => {
    const fetchMock = fakeServer({ 'POST /api/v2/auth/password': () => json(200, sessionFor('partner_admin')) });
    renderApp('/partner/users');
    expect(screen.getByTestId('location')).toHaveTextContent('/account/password');
    type('Current password', 'first password');
    type('New password', 'correct horse battery');
    type('Repeat new password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/partner$/);
    expect(await fetchMock.mock.calls[0][0].json()).toEqual({ current_password: 'first password', new_password: 'correct horse battery' });
  });
});
