import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyDraft, fromTemplate, sampleUrl, setBody, toTemplate } from './draft';
import { orderUpdate, springSale } from './fixtures';
import { filled, formatted } from './Preview';
import { checkTemplate, type Template } from './rules';

describe('the builder form and Meta’s create body', () => {
  it('opens a template in the form and gives back the same components', () => {
    for (const template of [orderUpdate(), springSale()]) {
      const draft = fromTemplate(template);
      expect(toTemplate(draft)).toEqual({ name: template.name, language: template.language, category: template.category, components: template.components });
    }
  });

  it('opens and gives back an authentication template', () => {
    const auth: Template = {
      name: 'login_code',
      language: 'en',
      category: 'AUTHENTICATION',
      components: [
        { type: 'BODY', add_security_recommendation: false },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy' }] },
      ],
    };
    const draft = fromTemplate(auth);
    expect(draft.codeExpiry).toBe('');
    expect(toTemplate(draft)).toEqual(auth);
    expect(checkTemplate(toTemplate(draft))).toEqual([]);
  });

  it('keeps one sample per parameter, and leaves the example out of a body without parameters', () => {
    let draft = setBody({ ...emptyDraft(), name: 'x', language: 'en', category: 'UTILITY' }, 'Hi {{1}} and {{2}} ok');
    expect(draft.bodySamples).toEqual(['', '']);
    draft = { ...draft, bodySamples: ['Ana', 'Ben'] };
    draft = setBody(draft, 'Hi {{1}} ok');
    expect(toTemplate(draft).components).toEqual([{ type: 'BODY', text: 'Hi {{1}} ok', example: { body_text: [['Ana']] } }]);
    expect(toTemplate(setBody(draft, 'Hi there')).components).toEqual([{ type: 'BODY', text: 'Hi there' }]);
  });

  it('fills a URL sample into the address, or takes a whole sample address', () => {
    expect(sampleUrl('https://shop.example/o/{{1}}', ' 42 ')).toBe('https://shop.example/o/42');
    expect(sampleUrl('https://shop.example/o/{{ 1 }}', '42')).toBe('https://shop.example/o/42');
    expect(sampleUrl('https://shop.example/o/{{1}}', 'https://shop.example/o/7')).toBe('https://shop.example/o/7');
  });

  it('refuses a code expiry that is not a number, which the server could not read', () => {
    const draft = { ...emptyDraft(), category: 'AUTHENTICATION' as const, codeExpiry: 'ten' };
    expect(toTemplate(draft).components.some((component) => component.type === 'FOOTER')).toBe(false);
  });
});

describe('the preview', () => {
  it('fills in the samples, keeping placeholders without one', () => {
    expect(filled('Hi {{1}}, ships {{2}} via {{3}}', ['Ana', ' ', 'DHL'])).toBe('Hi Ana, ships {{2}} via DHL');
  });

  it('draws WhatsApp’s formatting, nested', () => {
    const { container } = render(<p>{formatted('*Hi _there_* ~old~ ```a*b*c``` plain * not bold')}</p>);
    expect(container.innerHTML).toBe('<p><strong>Hi <em>there</em></strong> <s>old</s> <code>a*b*c</code> plain * not bold</p>');
  });
});
