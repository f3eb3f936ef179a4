/** Words for the operator console: the server's refusals of number-limit raise requests. */
import type { CodeWords } from '../ui/refusals';

/** operatorCodeWords say what the refusals of number-limit raise requests mean. */
export const operatorCodeWords = {
  already_decided: 'This request was already decided. Reload the list to see the decision.',
  limit_already_raised: 'This WhatsApp Business Account already has the number limit asked for, or a higher one.',
  limit_raise_pending: 'A limit-raise request for this WhatsApp Business Account is already waiting for an operator.',
} satisfies CodeWords;
