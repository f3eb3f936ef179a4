/**
 * Words for messaging: a message's status, type, category and price, the customer-service window,
 * the number's webhook events, a simulated user's behaviour, the hub's refusals of the messaging
 * screens (messagingCodeWords, in the catalogue like every feature's), and Meta's numeric error
 * codes (metaCodeWords: 131047, 132001, …), which a failed message carries and the Messaging API
 * answers with; they are not the hub's catalogue codes, so they have a map of their own.
 */
import type { CodeWords } from '../ui/refusals';
import { humanize, unknownTone, type Tone } from '../ui/tone';

// ---- Meta's error codes

/**
 * metaCodeWords say what each of Meta's error codes means for the person sending, and what to do
 * next. A send refused at once carries one of them, and so does a message that fails later (its
 * failed status).
 */
export const metaCodeWords: Record<number, string> = {
  100: 'WhatsApp did not accept a value of the message: it has the wrong type or is not one WhatsApp knows. Check the message against the Cloud API reference.',
  130429: 'This number sends faster than WhatsApp allows (80 messages a second). Slow down and send again.',
  130472: 'WhatsApp held this message back: the user is part of an experiment Meta runs. Try again later.',
  131000: 'Something went wrong at WhatsApp. Send the message again.',
  131005: 'This number may not send messages: its access was denied. Check the number and its API key.',
  131008: 'A value the message needs is missing: for example the recipient, the text or the template name. Fill it in and send again.',
  131009: 'A value of the message is not valid: for example the recipient is not a phone number, a link does not start with https, or the text is too long.',
  131016: 'WhatsApp is not available right now. Send the message again in a moment.',
  131021: 'A number cannot send a message to itself. Choose another recipient.',
  131026: 'WhatsApp could not deliver the message: the number is not on WhatsApp, or the user does not accept messages from this business.',
  131030: 'This sandbox key may only send to the WhatsApp number it was issued to. Send to that number, or use the number’s own API key.',
  131031: 'The WhatsApp Business Account of this number is locked. Contact support.',
  131042: 'WhatsApp could not charge this message: check the payment method of the business.',
  131045: 'This number is not registered with WhatsApp, so it cannot send messages yet.',
  131047:
    'More than 24 hours have passed since the user last wrote, so only a template can reach them now. Send an approved template; once the user replies, free-form messages work again for 24 hours.',
  131048:
    'A sending limit is reached: the number’s messaging limit for new conversations in 24 hours, or the 200 messages a sandbox key may send. Wait, or ask for a higher limit.',
  131049: 'WhatsApp did not deliver this marketing message, to keep users from getting too many. Try again later or send it to other users.',
  131050: 'The user has stopped marketing messages from this business.',
  131051: 'WhatsApp does not support this message type. Send a text, media, location, contacts, interactive, template or reaction message.',
  131052: 'WhatsApp could not download the media the user sent. Ask them to send it again.',
  131053: 'WhatsApp could not upload the media: check that the file has a supported type and size.',
  131056: 'Too many messages went to this same user in a short time. Wait a little before writing to them again.',
  132000: 'The number of values does not match the template: fill in exactly one value for each {{1}}, {{2}}, … of the template.',
  132001: 'There is no approved template of this name in this language. Check the name and the language on the templates page; a template in review cannot be sent yet.',
  132005: 'The template’s text with its values filled in is too long.',
  132007: 'The template breaks WhatsApp’s policies and cannot be sent.',
  132012: 'A value has the wrong kind for the template: for example text where the template’s header needs an image.',
  132015: 'The template is paused because of its low quality. Edit it, or send another template.',
  132016: 'The template is disabled because of repeated low quality and cannot be sent any more. Create a new template.',
  133010: 'This number is not registered on WhatsApp (it is not running), so it cannot send messages.',
};

// ---- Refusals of the messaging screens

/**
 * messagingCodeWords say what the hub's refusals of messaging mean: a send the Cloud API refuses at
 * once (answered on the hub's own routes with a whatsapp_… code naming Meta's), media uploads, and
 * the simulator's directory.
 */
export const messagingCodeWords = {
  whatsapp_invalid_parameter: metaCodeWords[100],
  whatsapp_parameter_missing: metaCodeWords[131008],
  whatsapp_parameter_invalid: metaCodeWords[131009],
  whatsapp_unsupported_message_type: metaCodeWords[131051],
  whatsapp_number_not_registered: metaCodeWords[133010],
  whatsapp_recipient_not_allowed: metaCodeWords[131030],
  whatsapp_sandbox_limit: 'This sandbox key has sent the 200 messages it may send. Get a new one by writing START to the sandbox number, or use the number’s own API key.',
  whatsapp_template_not_found: metaCodeWords[132001],
  whatsapp_template_paused: metaCodeWords[132015],
  whatsapp_template_disabled: metaCodeWords[132016],
  whatsapp_template_parameter_count: metaCodeWords[132000],
  whatsapp_template_parameter_format: metaCodeWords[132012],
  whatsapp_rate_limit: metaCodeWords[130429],
  whatsapp_pair_rate_limit: metaCodeWords[131056],
  media_not_found: 'This number has no media with that ID: it was never uploaded here, was deleted, or is older than 30 days. Upload the file again.',
  media_type_not_accepted:
    'WhatsApp does not take files of this type. Send a JPEG or PNG image, a WebP sticker, an MP4 or 3GPP video, AAC, MP4, MPEG, AMR or Ogg audio, or a PDF, text or Office document.',
  media_type_mismatch: 'The file is not what its type says: its contents are of another kind. Declare the type the file really has.',
  media_too_large: 'The file is larger than WhatsApp allows for its type: 5 MB for images, 16 MB for video and audio, 100 MB for documents, 500 KB for stickers.',
  simulated_user_exists: 'The simulator already has a WhatsApp user with this phone number or WhatsApp ID. Edit that user instead, or choose another number.',
} satisfies CodeWords;

/**
 * metaErrorWords say what one of Meta's error codes means; for a code without words here, Meta's
 * own title (or the code itself).
 */
export function metaErrorWords(code?: number | null, title?: string | null): string {
  if (code !== undefined && code !== null && Object.hasOwn(metaCodeWords, code)) return metaCodeWords[code];
  const said = title?.trim();
  if (said) return `WhatsApp refused it: ${said.replace(/[.!]?$/, '.')}`;
  return code ? `WhatsApp refused it with error ${code}.` : 'WhatsApp refused it.';
}

// ---- Messages

const statusTones: Record<string, Tone> = {
  sent: { color: 'gray', label: 'Sent' },
  delivered: { color: 'gray', label: 'Delivered' },
  read: { color: 'blue', label: 'Read' },
  failed: { color: 'red', label: 'Failed' },
  received: { color: 'green', label: 'Received' },
};

/** messageStatusTone colours a message's status and names it. */
export const messageStatusTone = (status?: string): Tone => statusTones[status ?? ''] ?? unknownTone(status);

/** messageStatusLabel names a message's status in words: Sent, Delivered, Read, Failed, Received. */
export const messageStatusLabel = (status?: string) => messageStatusTone(status).label;

/** ticks are WhatsApp's marks for an outgoing message: one tick sent, two delivered, two blue read, a cross failed. */
export const ticks: Record<string, string> = { sent: '✓', delivered: '✓✓', read: '✓✓', failed: '✕' };

const typeLabels: Record<string, string> = {
  text: 'Text',
  template: 'Template',
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  document: 'Document',
  sticker: 'Sticker',
  location: 'Location',
  contacts: 'Contacts',
  interactive: 'Interactive',
  button: 'Button reply',
  reaction: 'Reaction',
};

/** messageTypeLabel names a message type in words. */
export const messageTypeLabel = (type?: string) => typeLabels[type ?? ''] ?? humanize(type);

const categoryLabels: Record<string, string> = { marketing: 'Marketing', utility: 'Utility', authentication: 'Authentication', service: 'Service' };

/** pricingCategoryLabel names the conversation category a message is priced in. */
export const pricingCategoryLabel = (category?: string) => categoryLabels[(category ?? '').toLowerCase()] ?? humanize(category);

const pricingTypeLabels: Record<string, string> = {
  regular: 'Charged',
  free_customer_service: 'Free: inside the customer-service window',
  free_entry_point: 'Free: started from an ad or a button',
};

/** priceWords say whether and why a message is charged, e.g. "Utility · Charged" or "Service · Free: inside the customer-service window". */
export function priceWords(message: { category?: string; billable?: boolean; pricing_type?: string }): string {
  if (!message.category) return '';
  const type = message.pricing_type ? (pricingTypeLabels[message.pricing_type] ?? humanize(message.pricing_type)) : message.billable ? 'Charged' : 'Free';
  return `${pricingCategoryLabel(message.category)} · ${type}`;
}

/** failureWords say why a message failed: Meta's code in words, or Meta's title. */
export const failureWords = (error?: { code?: number; title?: string } | null) => metaErrorWords(error?.code, error?.title);

/** waNumber shows a WhatsApp id as a phone number, e.g. "+551187654321". */
export const waNumber = (waId?: string) => (waId ? `+${waId.replace(/^\+/, '')}` : '');

/** contactName is how a conversation is named: the user's profile name, or their number while WhatsApp told none. */
export const contactName = (contact: { profile_name?: string; wa_id?: string }) => contact.profile_name?.trim() || waNumber(contact.wa_id);

// ---- The customer-service window

/** windowLeftWords says how long the window stays open, e.g. "23 h 59 min", "12 min", "less than a minute". */
export function windowLeftWords(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** WindowState says whether free-form messages reach a user now, in words. */
export interface WindowState {
  open: boolean;
  words: string;
}

/**
 * windowState is the customer-service window at now: open for 24 hours after the user last
 * wrote (any message reaches them), closed otherwise (only templates do).
 */
export function windowState(expiresAt: string | null | undefined, now: number): WindowState {
  const left = expiresAt ? (new Date(expiresAt).getTime() - now) / 1000 : 0;
  if (left > 0) return { open: true, words: `Window open · ${windowLeftWords(left)} left` };
  return { open: false, words: 'Window closed: only templates reach this user' };
}

/** windowHint says what the window means for what to send next. */
export const windowHint = (state: WindowState) =>
  state.open
    ? 'The user wrote in the last 24 hours: free-form messages reach them, and service messages are free.'
    : 'The window opens for 24 hours each time the user writes to this number. Until then, send an approved template.';

// ---- The number's webhook

const eventLabels: Record<string, string> = {
  'whatsapp.message_status': 'Message status',
  'whatsapp.message_received': 'Message received',
};

/** webhookEventLabel names an event the number's webhook receives. */
export const webhookEventLabel = (event?: string) => eventLabels[event ?? ''] ?? humanize((event ?? '').replace(/^whatsapp\./, ''));

/** attemptsWords counts the attempts of a delivery. */
export const attemptsWords = (count = 0) => (count === 0 ? 'No attempt yet' : count === 1 ? '1 attempt' : `${count} attempts`);

// ---- Simulated users

/** behaviourWords say how a simulated user behaves, in short words, most telling first. */
export function behaviourWords(user: { on_whatsapp: boolean; reachable: boolean; blocks_business: boolean; read_receipts: boolean }): Tone[] {
  if (!user.on_whatsapp) return [{ color: 'red', label: 'Not on WhatsApp' }];
  const words: Tone[] = [];
  if (user.blocks_business) words.push({ color: 'red', label: 'Blocks businesses' });
  words.push(user.reachable ? { color: 'green', label: 'Reachable' } : { color: 'orange', label: 'Phone off' });
  words.push(user.read_receipts ? { color: 'blue', label: 'Sends read receipts' } : { color: 'gray', label: 'No read receipts' });
  return words;
}

/** behaviourHint says what messages to a user do, given how they behave. */
export function behaviourHint(user: { on_whatsapp: boolean; reachable: boolean; blocks_business: boolean; read_receipts: boolean }): string {
  if (!user.on_whatsapp) return 'Messages fail: the number is not on WhatsApp.';
  if (user.blocks_business) return 'Messages fail: the user blocks businesses.';
  if (!user.reachable) return 'Messages stay sent until the phone is reachable again.';
  return user.read_receipts ? 'Messages are delivered, then read.' : 'Messages are delivered, but never shown as read.';
}

/** isBrazilianMobile says whether a number is a Brazilian mobile with its ninth digit (+55, area code, 9, eight digits): WhatsApp may know it without that digit. */
export const isBrazilianMobile = (phone: string) => /^\+?55\d{2}9\d{8}$/.test(phone);

