/** Words for clients: the server's refusals of changes to a client and of numbers its WhatsApp Business Accounts cannot take. */
import type { CodeWords } from '../ui/refusals';

/** clientCodeWords say what the refusals about a client, its number limit and its WhatsApp Business Accounts mean. */
export const clientCodeWords = {
  max_channels_below_usage: 'The number limit cannot be lower than the numbers the client already has. Choose a higher limit, or cancel numbers first.',
  client_max_channels: 'The client has reached its number limit. Ask the partner to raise it, or cancel a number no longer used.',
  waba_number_limit: 'That WhatsApp Business Account holds as many numbers as it may. Choose another account, or ask the partner to raise its limit.',
  waba_unverified_limit:
    'A WhatsApp Business Account of a business Meta has not verified holds only a few numbers. Verify the business with Meta, or choose another account.',
  waba_of_another_client: 'That WhatsApp Business Account belongs to another client. Choose one of this client’s accounts.',
} satisfies CodeWords;
