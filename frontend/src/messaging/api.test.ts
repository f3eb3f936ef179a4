import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { MetaError, toSendError } from './api';

const answer = (status: number) => new Response(null, { status });

describe('a refused send in words', () => {
  it('reads the hub’s envelope by its whatsapp code, keeping what the server said', () => {
    const error = toSendError(
      { meta: { http_code: 404, code: 'whatsapp_template_not_found', developer_message: 'Template name does not exist in the translation (#132001): template name (order_x) does not exist in en_US' } },
      answer(404),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/^There is no approved template of this name in this language\./);
    expect(error.details).toEqual(['WhatsApp says: Template name does not exist in the translation (#132001): template name (order_x) does not exist in en_US']);
    expect(error.code).toBe('whatsapp_template_not_found');
  });

  it('reads Meta’s own error shape by Meta’s code', () => {
    const error = toSendError(
      { error: { message: '(#131030) Recipient phone number not in allowed list', type: 'OAuthException', code: 131030, error_data: { messaging_product: 'whatsapp', details: 'Only 551187654321.' } } },
      answer(400),
    );
    expect(error).toBeInstanceOf(MetaError);
    expect((error as MetaError).metaCode).toBe(131030);
    expect((error as MetaError).title).toBe('Recipient phone number not in allowed list');
    expect(error.message).toMatch(/^This sandbox key may only send to the WhatsApp number it was issued to\./);
    expect(error.details).toEqual(['Only 551187654321.']);
  });

  it('leaves any other refusal as it is', () => {
    const error = toSendError({ meta: { http_code: 403, code: 'forbidden', developer_message: 'Your role may not send messages from numbers.' } }, answer(403));
    expect(error.message).toBe('Your role may not send messages from numbers.');
    expect(error.details).toEqual([]);
  });
});
