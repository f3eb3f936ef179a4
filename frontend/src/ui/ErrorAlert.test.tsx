import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { toApiError } from '../api/client';
import { codeWords } from '../app/errorWords';
import { ErrorAlert } from './ErrorAlert';

const show = (error: unknown) =>
  render(
    <MantineProvider>
      <ErrorAlert error={error} />
    </MantineProvider>,
  );

describe('error alert', () => {
  it('shows the server’s own sentence of a refusal, with its details', () => {
    show(toApiError({ meta: { code: 'validation_failed', developer_message: 'The request has invalid fields.', details: ['email: is required'] } }, new Response(null, { status: 422 })));
    expect(screen.getByRole('alert')).toHaveTextContent('The request has invalid fields.');
    expect(screen.getByRole('alert')).toHaveTextContent('email: is required');
  });

  it('gives an answer that came with only its code the code’s words rather than the status’s', () => {
    show(toApiError({ meta: { code: 'last_admin' } }, new Response(null, { status: 409 })));
    expect(screen.getByRole('alert')).toHaveTextContent(codeWords.last_admin);
    expect(screen.getByRole('alert')).not.toHaveTextContent('This conflicts with something that already exists.');
  });
});
