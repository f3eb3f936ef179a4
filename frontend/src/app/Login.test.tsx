import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { failure, fakeServer, json, sessionFor } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import { refresh } from './session';

function fillIn(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/Email/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/Password/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('login', () => {
  beforeEach(async () => {
    fakeServer({ 'POST /api/v2/auth/refresh': () => failure(401, 'no session') });
    await refresh();
  });

  it('checks the fields as the user types and sends nothing while they are wrong', async () => {
    const fetchMock = fakeServer({});
    renderApp('/login');
    fillIn('not-an-email', '');
    expect(screen.getByText('Enter an email address like name@example.com.')).toBeInTheDocument();
    expect(screen.getByText('Password is required.')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says in words that the email or password is wrong', async () => {
    fakeServer({ 'POST /api/v2/auth/login': () => failure(401, 'invalid_credentials') });
    renderApp('/login');
    fillIn('someone@example.com', 'wrong password');
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is not right.');
  });

  it('tells a throttled user how long to wait', async () => {
    fakeServer({ 'POST /api/v2/auth/login': () => failure(429, 'slow down', { 'Retry-After': '17' }) });
    renderApp('/login');
    fillIn('someone@example.com', 'any password');
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts, try again in 17 seconds.');
  });

  it('lands in the area of the role after signing in', async () => {
    const fetchMock = fakeServer({ 'POST /api/v2/auth/login': () => json(200, sessionFor('client_member')) });
    renderApp('/login');
    fillIn(' client_member@example.com ', 'the right password');
    expect(await screen.findByRole('heading', { level: 1, name: /Client portal/ })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/portal');
    expect(await fetchMock.mock.calls[0][0].json()).toEqual({ email: 'client_member@example.com', password: 'the right password' });
  });
});
