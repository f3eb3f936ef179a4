import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { NOW_MS } from '../test/now';
import { orderUpdate } from './fixtures';
import type { Template } from './rules';
import { explain, languageName, placeProblem, qualityLabel, rejectionReasonWords, templateStatusLabel } from './words';

const template = orderUpdate() as Template;
const twoBodies: Template = { ...template, components: [...template.components, { type: 'BODY', text: 'Again' }] };
const auth: Template = {
  name: 'login_code',
  language: 'en',
  category: 'AUTHENTICATION',
  components: [{ type: 'BODY' }, { type: 'FOOTER', code_expiration_minutes: 91 }, { type: 'BUTTONS', buttons: [] }],
};

describe('rule problems in words', () => {
  it.each<[string, Template, string, object]>([
    ['name: is required', template, 'Name: is required', { section: 'name' }],
    ['language: must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR', template, 'Language: must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR', { section: 'language' }],
    ['components[0].text: must be at most 60 characters', template, 'Header text: must be at most 60 characters', { section: 'header', part: 'text' }],
    ['components[0].example.header_text: needs one sample value for {{1}}', template, 'Sample for the header parameter: needs one sample value for {{1}}', { section: 'header', part: 'example.header_text' }],
    ['components[1].text: may not start with a parameter', template, 'Body text: may not start with a parameter', { section: 'body', part: 'text' }],
    ['components[1].example.body_text: the sample value of {{2}} is empty', template, 'Sample values: the sample value of {{2}} is empty', { section: 'body', part: 'example.body_text' }],
    ['components[2].text: a footer has no parameters', template, 'Footer text: a footer has no parameters', { section: 'footer', part: 'text' }],
    ['components[3].buttons: at most 3 quick replies', template, 'Buttons: at most 3 quick replies', { section: 'buttons', part: 'buttons' }],
    ['components[3].buttons[1].url: must be an https URL', template, 'Button 2 URL: must be an https URL', { section: 'button', index: 1, part: 'url' }],
    ['components[3].buttons[2].phone_number: must be a phone number in international format, e.g. +4930123456', template, 'Button 3 phone number: must be a phone number in international format, e.g. +4930123456', { section: 'button', index: 2, part: 'phone_number' }],
    ['components[4]: repeats BODY: a template has at most one of each component', twoBodies, 'Body: repeats BODY: a template has at most one of each component', { section: 'body', part: '' }],
    ['components[5].type: must be HEADER, BODY, FOOTER or BUTTONS', template, 'Component: must be HEADER, BODY, FOOTER or BUTTONS', { section: 'template' }],
    ['components: need a BODY', template, 'Template: need a BODY', { section: 'template' }],
    ['components[1].code_expiration_minutes: must be from 1 to 90', auth, 'Code expiry: must be from 1 to 90', { section: 'authentication', part: 'code_expiration_minutes' }],
    ['components[2].buttons: an authentication template has exactly one OTP button', auth, 'Buttons: an authentication template has exactly one OTP button', { section: 'authentication', part: 'buttons' }],
    ['something the server says without a field', template, 'something the server says without a field', { section: 'template' }],
  ])('%s', (line, where, words, place) => {
    expect(placeProblem(line, where)).toEqual({ line, words, place });
  });
});

describe('labels', () => {
  it('names statuses, quality, languages and rejection reasons in words', () => {
    expect(templateStatusLabel('submitted')).toBe('Submitted — in review');
    expect(templateStatusLabel('paused')).toBe('Paused');
    expect(templateStatusLabel('something_new')).toBe('Something new');
    expect(qualityLabel('RED')).toBe('Low quality');
    expect(languageName('pt_BR')).toBe('Portuguese (Brazil)');
    expect(languageName('xx')).toBe('xx');
    expect(rejectionReasonWords('SCAM')).toMatch(/^Meta took it for a scam/);
    expect(rejectionReasonWords(null)).toBe('Meta gave no reason.');
  });
});

describe('refusals in words', () => {
  const refusal = (status: number, code: string, retryAfter?: number, details: string[] = []) => new ApiError('server words', status, details, code, retryAfter);

  it('says when an approved template may be edited again', () => {
    const limited = explain(refusal(429, 'template_edit_limited', 5 * 3600), NOW_MS) as ApiError;
    expect(limited.message).toMatch(/^An approved template may be edited once in 24 hours and ten times in 30 days\. The next edit is possible in 5 hours, on .+\.$/);
    expect((explain(refusal(429, 'template_edit_limited'), NOW_MS) as ApiError).message).toBe(
      'An approved template may be edited once in 24 hours and ten times in 30 days. Try again later.',
    );
  });

  it('keeps the details of an invalid template for the builder to place, and puts the clashes in words', () => {
    const invalid = refusal(422, 'template_invalid', undefined, ['components[1].text: is required']);
    expect(explain(invalid)).toBe(invalid);
    expect((explain(refusal(409, 'template_name_deleted')) as ApiError).message).toMatch(/^A template of this name was deleted in the last 30 days/);
  });
});
