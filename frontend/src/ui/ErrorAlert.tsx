import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/client';
import { wordsForCode } from '../app/errorWords';

/**
 * messageOf is what a failed call says to a person: the server's sentence (or the words a screen
 * put on it); when the server sent only its code, the code's words (app/errorWords.ts) rather
 * than the status's.
 */
function messageOf(error: ApiError): string {
  return (error.generic && wordsForCode(error.code)) || error.message;
}

/** ErrorAlert shows a failed action in words; it renders nothing when there is no error. */
export function ErrorAlert({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof ApiError ? messageOf(error) : 'Could not reach the server. Check the connection and try again.';
  const details = error instanceof ApiError ? error.details : [];
  return (
    <Alert color="red" title={title} role="alert">
      {message}
      {details.length > 0 && (
        <List size="sm" mt="xs">
          {details.map((detail) => (
            <List.Item key={detail}>{detail}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
