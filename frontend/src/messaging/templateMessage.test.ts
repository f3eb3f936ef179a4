import { describe, expect, it } from 'vitest';
import type { WabaTemplate } from '../templates/api';
import { orderUpdate } from '../templates/fixtures';
import { previewComponents, slotProblem, slotsOf, templateComponents, templateRequest, unsendableReason } from './templateMessage';

// The demo's approved template: a text header and a body with parameters, a footer and two buttons without any.
const orderReady = (): WabaTemplate =>
  orderUpdate({
    name: 'order_ready',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1042'] } },
      { type: 'BODY', text: 'Hi {{1}}, your order is ready for pick-up from {{2}}.', example: { body_text: [['Ana', '8 am']] } },
      { type: 'FOOTER', text: 'Bluebird Bakery' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'On my way' }, { type: 'PHONE_NUMBER', text: 'Call the shop', phone_number: '+4930123456' }] },
    ],
  });

describe('the values a template needs', () => {
  it('asks for each parameter of the header and body, with the samples as placeholders', () => {
    expect(slotsOf(orderReady())).toEqual([
      { key: 'header.1', label: 'Header {{1}}', kind: 'text', sample: '#1042' },
      { key: 'body.1', label: 'Body {{1}}', kind: 'text', sample: 'Ana' },
      { key: 'body.2', label: 'Body {{2}}', kind: 'text', sample: '8 am' },
    ]);
  });

  it('asks for a website button’s parameter at its index, and a media header’s link', () => {
    const template = orderUpdate({
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://cdn.example/cake.jpg'] } },
        { type: 'BODY', text: 'Your cake is ready.' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Thanks' }, { type: 'URL', text: 'Track', url: 'https://shop.example/t/{{1}}' }] },
      ],
    });
    expect(slotsOf(template).map((slot) => slot.key)).toEqual(['header.media', 'button.1']);
    const values = { 'header.media': 'https://cdn.example/cake.jpg', 'button.1': 'BB-1' };
    expect(templateComponents(template, values)).toEqual([
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/cake.jpg' } }] },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'BB-1' }] },
    ]);
    expect(slotProblem(slotsOf(template)[0], 'http://cdn.example/cake.jpg')).toBe('Header image link must be a full address starting with https://.');
  });

  it('sends an authentication template’s code in the body and the copy-code button, as Meta asks', () => {
    const login = orderUpdate({ name: 'login_code', category: 'AUTHENTICATION', components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] }] });
    expect(slotsOf(login)).toEqual([{ key: 'code', label: 'One-time code', kind: 'text', sample: '123456' }]);
    expect(templateRequest('+4915112345678', login, { code: ' 482913 ' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+4915112345678',
      type: 'template',
      template: {
        name: 'login_code',
        language: { code: 'en_US' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
        ],
      },
    });
  });

  it('leaves the components out of a template without values, and refuses a location header', () => {
    const plain = orderUpdate({ components: [{ type: 'BODY', text: 'We are open today.' }] });
    expect(templateRequest('4915112345678', plain, {})).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '4915112345678',
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' } },
    });
    expect(unsendableReason(orderUpdate({ components: [{ type: 'HEADER', format: 'LOCATION' }] }))).toMatch(/location/);
    expect(unsendableReason(plain)).toBeNull();
  });

  it('previews the typed values in place of the samples', () => {
    const preview = previewComponents(orderReady(), { 'header.1': '#7', 'body.1': 'Jo', 'body.2': '' });
    expect(preview[0].example).toEqual({ header_text: ['#7'] });
    expect(preview[1].example).toEqual({ body_text: [['Jo', '']] });
    expect(preview[2]).toEqual(orderReady().components![2]);
  });
});
