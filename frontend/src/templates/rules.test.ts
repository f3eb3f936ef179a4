import { describe, expect, it } from 'vitest';
import { checkTemplate, isHttps, parameterCount, parameters, type Button, type Component, type Template } from './rules';
import { referenceTemplate } from './fixtures';

// valid is the reference's example template, which passes every rule; the server's
// rules_test.go starts from the same one, so the cases line up with the Go table.
const valid = referenceTemplate;

const withTemplate = (change: (t: Template) => void) => {
  const t = valid();
  change(t);
  return t;
};
const header = (component: Component) => withTemplate((t) => (t.components[0] = component));
const body = (text: string, ...samples: string[]) =>
  withTemplate((t) => (t.components[1] = samples.length > 0 ? { type: 'BODY', text, example: { body_text: [samples] } } : { type: 'BODY', text }));
const footer = (text: string) => withTemplate((t) => (t.components[2] = { type: 'FOOTER', text }));
const buttons = (...list: Button[]) => withTemplate((t) => (t.components[3] = { type: 'BUTTONS', buttons: list }));
const quickReplies = (...texts: string[]) => buttons(...texts.map((text) => ({ type: 'QUICK_REPLY', text })));
const urlButton = (url: string, example?: string[]) => buttons({ type: 'URL', text: 'Open', url, ...(example && { example }) });
const phoneButton = (phone: string) => buttons({ type: 'PHONE_NUMBER', text: 'Call us', phone_number: phone });

const copyCode: Button = { type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' };
const auth = (expiry: number | undefined, ...list: Button[]): Template => ({
  name: 'login_code',
  language: 'en',
  category: 'AUTHENTICATION',
  components: [
    { type: 'BODY', add_security_recommendation: true },
    expiry === undefined ? { type: 'FOOTER' } : { type: 'FOOTER', code_expiration_minutes: expiry },
    { type: 'BUTTONS', buttons: list },
  ],
});

const authWith = (change: (t: Template) => void) => {
  const t = auth(10, copyCode);
  change(t);
  return t;
};

const a = (n: number) => 'a'.repeat(n);

// Each case: what it checks, the template, and the server's problems with it in its words.
const cases: [string, Template, string[]][] = [
    ["the reference's example", valid(), []],
    // Name
    ['name required', withTemplate((t) => (t.name = '')), ['name: is required']],
    ['name of 512 characters', withTemplate((t) => (t.name = a(512))), []],
    ['name of 513 characters', withTemplate((t) => (t.name = a(513))), ['name: must be at most 512 characters']],
    ['name with capitals', withTemplate((t) => (t.name = 'Order_Update')), ['name: may hold only lowercase letters, digits and underscores']],
    ['name with a space', withTemplate((t) => (t.name = 'order update')), ['name: may hold only lowercase letters, digits and underscores']],
    ['name with a dash', withTemplate((t) => (t.name = 'order-update')), ['name: may hold only lowercase letters, digits and underscores']],
    ['name with an umlaut', withTemplate((t) => (t.name = 'bestätigung')), ['name: may hold only lowercase letters, digits and underscores']],
    ['name of digits and underscores', withTemplate((t) => (t.name = '2fa_code_3')), []],
    // Language and category
    ['language of the list', withTemplate((t) => (t.language = 'pt_BR')), []],
    ['language in other case', withTemplate((t) => (t.language = 'en_us')), ['language: must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR']],
    ['unknown language', withTemplate((t) => (t.language = 'xx_XX')), ['language: must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR']],
    ['no language', withTemplate((t) => (t.language = '')), ['language: must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR']],
    ['marketing', withTemplate((t) => (t.category = 'MARKETING')), []],
    ['unknown category', withTemplate((t) => (t.category = 'TRANSACTIONAL')), ['category: must be MARKETING, UTILITY or AUTHENTICATION']],
    ['category in lower case', withTemplate((t) => (t.category = 'utility')), ['category: must be MARKETING, UTILITY or AUTHENTICATION']],
    // Components
    ['no body', withTemplate((t) => (t.components = t.components.slice(0, 1))), ['components: need a BODY']],
    ['two bodies', withTemplate((t) => t.components.push(t.components[1])), ['components[4]: repeats BODY: a template has at most one of each component']],
    ['unknown component', withTemplate((t) => t.components.push({ type: 'CAROUSEL' })), ['components[4].type: must be HEADER, BODY, FOOTER or BUTTONS']],
    ['only a body', withTemplate((t) => (t.components = [t.components[1]])), []],
    // Header
    ['text header of 60 characters', header({ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(60) }), []],
    ['text header of 61 characters', header({ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }), ['components[0].text: must be at most 60 characters']],
    ['text header of 60 emoji', header({ type: 'HEADER', format: 'TEXT', text: '🍞'.repeat(60) }), []],
    ['empty text header', header({ type: 'HEADER', format: 'TEXT', text: '  ' }), ['components[0].text: is required for a text header']],
    ['header with two parameters', header({ type: 'HEADER', format: 'TEXT', text: 'Order {{1}} of {{2}}', example: { header_text: ['a'] } }), ['components[0].text: a header has at most one parameter, {{1}}']],
    ['header parameter {{2}}', header({ type: 'HEADER', format: 'TEXT', text: 'Order {{2}}', example: { header_text: ['a'] } }), ['components[0].text: a header has at most one parameter, {{1}}']],
    ['header named parameter', header({ type: 'HEADER', format: 'TEXT', text: 'Order {{id}}' }), ['components[0].text: {{id}} is not a parameter: write {{1}}']],
    ['header parameter without sample', header({ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' }), ['components[0].example.header_text: needs one sample value for {{1}}']],
    ['header parameter with a blank sample', header({ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: [' '] } }), ['components[0].example.header_text: needs one sample value for {{1}}']],
    ['header parameter at the start is allowed', header({ type: 'HEADER', format: 'TEXT', text: '{{1}}', example: { header_text: ['#1'] } }), []],
    ['image header with an https sample', header({ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://cdn.example/a.jpg'] } }), []],
    ['image header without sample', header({ type: 'HEADER', format: 'IMAGE' }), ['components[0].example.header_handle: needs one sample image as an https URL']],
    ['video header over http', header({ type: 'HEADER', format: 'VIDEO', example: { header_handle: ['http://cdn.example/a.mp4'] } }), ['components[0].example.header_handle: needs one sample video as an https URL']],
    ['document header with two samples', header({ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['https://a.example/1.pdf', 'https://a.example/2.pdf'] } }), ['components[0].example.header_handle: needs one sample document as an https URL']],
    ['location header', header({ type: 'HEADER', format: 'LOCATION' }), []],
    ['unknown header format', header({ type: 'HEADER', format: 'GIF' }), ['components[0].format: must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION']],
    // Body
    ['body required', body('   '), ['components[1].text: is required']],
    ['body of 1024 characters', body('b'.repeat(1024)), []],
    ['body of 1025 characters', body('b'.repeat(1025)), ['components[1].text: must be at most 1024 characters']],
    ['body formatting allowed', body('*Hi* _there_ ~old~ ```code``` {{1}} ok', 'Ana'), []],
    ['body parameters in any order', body('Hi {{2}} and {{1}} ok', 'a', 'b'), []],
    ['body parameter used twice', body('Hi {{1}} and {{1}} ok', 'a'), []],
    ['body parameter with spaces inside', body('Hi {{ 1 }} ok', 'a'), []],
    ['body parameter gap', body('Hi {{1}} and {{3}} ok', 'a', 'b', 'c'), ['components[1].text: parameters must be numbered from {{1}} without gaps: {{2}} is missing']],
    ['body parameters not from 1', body('Hi {{2}} ok', 'a', 'b'), ['components[1].text: parameters must be numbered from {{1}} without gaps: {{1}} is missing']],
    ['body parameters side by side', body('Hi {{1}}{{2}} ok', 'a', 'b'), ['components[1].text: two parameters may not stand side by side: put words between them']],
    ['body parameters only a space apart', body('Hi {{1}} {{2}} ok', 'a', 'b'), ['components[1].text: two parameters may not stand side by side: put words between them']],
    ['body parameters a word apart', body('Hi {{1}} and {{2}} ok', 'a', 'b'), []],
    ['body starts with a parameter', body('{{1}}, your order ships', 'Ana'), ['components[1].text: may not start with a parameter']],
    ['body starts with a parameter after spaces', body('  {{1}}, your order ships', 'Ana'), ['components[1].text: may not start with a parameter']],
    ['body ends with a parameter', body('Your order ships {{1}}', 'today'), ['components[1].text: may not end with a parameter']],
    ['body ends with a parameter before a line break', body('Your order ships {{1}}\n', 'today'), ['components[1].text: may not end with a parameter']],
    ['body ends with a full stop after a parameter', body('Your order ships {{1}}.', 'today'), []],
    ['body named parameter', body('Hi {{name}} ok'), ['components[1].text: {{name}} is not a parameter: write {{1}}, {{2}}, … in order']],
    ['body parameter zero', body('Hi {{0}} ok'), ['components[1].text: {{0}} is not a parameter: write {{1}}, {{2}}, … in order']],
    ['body parameter with a leading zero', body('Hi {{01}} ok'), ['components[1].text: {{01}} is not a parameter: write {{1}}, {{2}}, … in order']],
    ['body parameter with a sign', body('Hi {{+1}} ok'), ['components[1].text: {{+1}} is not a parameter: write {{1}}, {{2}}, … in order']],
    ['body without samples', body('Hi {{1}} and {{2}} ok'), ['components[1].example.body_text: needs one sample value for each of the 2 parameters']],
    ['body with too few samples', body('Hi {{1}} and {{2}} ok', 'a'), ['components[1].example.body_text: needs one sample value for each of the 2 parameters']],
    ['body with too many samples', body('Hi {{1}} ok', 'a', 'b'), ['components[1].example.body_text: needs one sample value for each of the 1 parameters']],
    ['body with an empty sample', body('Hi {{1}} and {{2}} ok', 'a', ' '), ['components[1].example.body_text: the sample value of {{2}} is empty']],
    ['body with samples but no parameters', body('Hi there', 'a'), []],
    // Footer
    ['footer of 60 characters', footer('f'.repeat(60)), []],
    ['footer of 61 characters', footer('f'.repeat(61)), ['components[2].text: must be at most 60 characters']],
    ['footer with a parameter', footer('Bye {{1}} now'), ['components[2].text: a footer has no parameters']],
    ['footer with a named parameter', footer('Bye {{name}} now'), ['components[2].text: a footer has no parameters']],
    ['empty footer', footer(''), ['components[2].text: is required for a footer']],
    // Buttons
    ['3 quick replies', quickReplies('a', 'b', 'c'), []],
    ['4 quick replies', quickReplies('a', 'b', 'c', 'd'), ['components[3].buttons: at most 3 quick replies']],
    ['quick reply of 20 characters', quickReplies('q'.repeat(20)), []],
    ['quick reply of 21 characters', quickReplies('q'.repeat(21)), ['components[3].buttons[0].text: a quick reply must be at most 20 characters']],
    ['button text of 25 characters', buttons({ type: 'PHONE_NUMBER', text: 'p'.repeat(25), phone_number: '+4930123456' }), []],
    ['button text of 26 characters', buttons({ type: 'PHONE_NUMBER', text: 'p'.repeat(26), phone_number: '+4930123456' }), ['components[3].buttons[0].text: must be at most 25 characters']],
    ['URL button text of 26 characters', buttons({ type: 'URL', text: 'u'.repeat(26), url: 'https://a.example' }), ['components[3].buttons[0].text: must be at most 25 characters']],
    ['button without text', buttons({ type: 'QUICK_REPLY', text: ' ' }), ['components[3].buttons[0].text: is required']],
    ['button texts repeat, in other case', quickReplies('Yes', 'yes'), ["components[3].buttons[1].text: repeats another button's text"]],
    ['button texts repeat across types', buttons({ type: 'QUICK_REPLY', text: 'Open' }, { type: 'URL', text: ' open ', url: 'https://a.example' }), ["components[3].buttons[1].text: repeats another button's text"]],
    ['no buttons', buttons(), ['components[3].buttons: needs at least one button']],
    ['unknown button type', buttons({ type: 'FLOW', text: 'A' }), ['components[3].buttons[0].type: must be QUICK_REPLY, URL or PHONE_NUMBER']],
    ['OTP button outside authentication', buttons({ type: 'OTP', text: 'Copy', otp_type: 'COPY_CODE' }), ['components[3].buttons[0].type: OTP buttons belong to authentication templates']],
    // URL button
    ['URL without parameter', urlButton('https://shop.example/help'), []],
    ['URL in upper-case scheme', urlButton('HTTPS://shop.example/help'), []],
    ['two URL buttons', buttons({ type: 'URL', text: 'A', url: 'https://a.example' }, { type: 'URL', text: 'B', url: 'https://b.example' }), ['components[3].buttons: at most 1 URL button']],
    ['URL over http', urlButton('http://a.example'), ['components[3].buttons[0].url: must be an https URL']],
    ['URL without host', urlButton('https:///path'), ['components[3].buttons[0].url: must be an https URL']],
    ['URL with a space in the host', urlButton('https://shop example/'), ['components[3].buttons[0].url: must be an https URL']],
    ['URL with a port that is no number', urlButton('https://shop.example:abc/'), ['components[3].buttons[0].url: must be an https URL']],
    ['URL that is no address', urlButton('shop.example/o'), ['components[3].buttons[0].url: must be an https URL']],
    ['URL parameter at the end with a sample', urlButton('https://a.example/o/{{1}}', ['https://a.example/o/42']), []],
    ['URL parameter not at the end', urlButton('https://a.example/{{1}}/x', ['https://a.example/1/x']), ['components[3].buttons[0].url: the parameter must be at the end of the URL']],
    ['URL with two parameters', urlButton('https://a.example/{{1}}/{{2}}', ['https://a.example/1/2']), ['components[3].buttons[0].url: may end in one parameter, {{1}}']],
    ['URL parameter {{2}}', urlButton('https://a.example/{{2}}', ['https://a.example/1']), ['components[3].buttons[0].url: may end in one parameter, {{1}}']],
    ['URL named parameter', urlButton('https://a.example/{{id}}'), ['components[3].buttons[0].url: may end in one parameter, {{1}}']],
    ['URL parameter without sample', urlButton('https://a.example/{{1}}'), ['components[3].buttons[0].example: needs one sample URL (https) with the parameter filled in']],
    ['URL parameter with an http sample', urlButton('https://a.example/{{1}}', ['http://a.example/1']), ['components[3].buttons[0].example: needs one sample URL (https) with the parameter filled in']],
    ['URL only a parameter', urlButton('{{1}}', ['https://a.example/1']), ['components[3].buttons[0].url: must be an https URL']],
    // Phone button
    ['phone in E.164', phoneButton('+4930123456'), []],
    ['phone not E.164', phoneButton('030 123456'), ['components[3].buttons[0].phone_number: must be a phone number in international format, e.g. +4930123456']],
    ['phone with spaces', phoneButton('+49 30 123456'), ['components[3].buttons[0].phone_number: must be a phone number in international format, e.g. +4930123456']],
    ['phone with country code 0', phoneButton('+0930123456'), ['components[3].buttons[0].phone_number: must be a phone number in international format, e.g. +4930123456']],
    ['phone too short', phoneButton('+4930'), ['components[3].buttons[0].phone_number: must be a phone number in international format, e.g. +4930123456']],
    ['two phone buttons', buttons({ type: 'PHONE_NUMBER', text: 'A', phone_number: '+4930123456' }, { type: 'PHONE_NUMBER', text: 'B', phone_number: '+4930123457' }), ['components[3].buttons: at most 1 phone-number button']],
    ['quick replies with a URL and a phone button', buttons({ type: 'QUICK_REPLY', text: 'a' }, { type: 'QUICK_REPLY', text: 'b' }, { type: 'QUICK_REPLY', text: 'c' }, { type: 'URL', text: 'd', url: 'https://a.example' }, { type: 'PHONE_NUMBER', text: 'e', phone_number: '+4930123456' }), []],
    // Authentication
    ['authentication copy code, 1 minute', auth(1, copyCode), []],
    ['authentication copy code, 90 minutes', auth(90, copyCode), []],
    ['authentication without expiry', auth(undefined, copyCode), []],
    ['authentication expiry 0', auth(0, copyCode), ['components[1].code_expiration_minutes: must be from 1 to 90']],
    ['authentication expiry 91', auth(91, copyCode), ['components[1].code_expiration_minutes: must be from 1 to 90']],
    ['authentication one tap', auth(10, { type: 'OTP', otp_type: 'ONE_TAP', text: 'Autofill', package_name: 'com.example.app', signature_hash: 'K8a/AINcGX7' }), []],
    ['authentication one tap without app', auth(10, { type: 'OTP', otp_type: 'ONE_TAP' }), ['components[2].buttons[0]: a one-tap button names the Android app: package_name and signature_hash']],
    ['authentication one tap without hash', auth(10, { type: 'OTP', otp_type: 'ONE_TAP', package_name: 'com.example.app' }), ['components[2].buttons[0]: a one-tap button names the Android app: package_name and signature_hash']],
    ['authentication unknown OTP type', auth(10, { type: 'OTP', otp_type: 'ZERO_TAP' }), ['components[2].buttons[0].otp_type: must be COPY_CODE or ONE_TAP']],
    ['authentication button text of 26 characters', auth(10, { ...copyCode, text: 'c'.repeat(26) }), ['components[2].buttons[0].text: must be at most 25 characters']],
    ['authentication quick reply', auth(10, { type: 'QUICK_REPLY', text: 'Hi' }), ['components[2].buttons: an authentication template has exactly one OTP button']],
    ['authentication two OTP buttons', auth(10, copyCode, { ...copyCode, text: 'Again' }), ['components[2].buttons: an authentication template has exactly one OTP button']],
    ['authentication without buttons', authWith((t) => (t.components = t.components.slice(0, 2))), ['components: an authentication template needs a BUTTONS component with one OTP button']],
    ['authentication body text', authWith((t) => (t.components[0].text = 'Your code')), ["components[0].text: an authentication template's body text is WhatsApp's own: leave it out"]],
    ['authentication footer text', authWith((t) => (t.components[1].text = 'Bye')), ["components[1].text: an authentication template's footer text is WhatsApp's own: leave it out"]],
    ['authentication header', authWith((t) => t.components.unshift({ type: 'HEADER', format: 'TEXT', text: 'Code' })), ['components[0]: authentication templates have no header']],
];

describe('template rules, as the server checks them', () => {
  it.each(cases)('%s', (_name, template, problems) => {
    expect(checkTemplate(template)).toEqual(problems);
  });

  it('lists every problem, not the first', () => {
    const problems = checkTemplate({
      name: 'Bad Name',
      language: 'xx',
      category: 'X',
      components: [
        { type: 'BODY', text: '{{1}}{{3}}' },
        { type: 'FOOTER', text: 'f'.repeat(61) },
      ],
    });
    expect(problems).toEqual([
      'name: may hold only lowercase letters, digits and underscores',
      'language: must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR',
      'category: must be MARKETING, UTILITY or AUTHENTICATION',
      'components[0].text: parameters must be numbered from {{1}} without gaps: {{2}} is missing',
      'components[0].text: two parameters may not stand side by side: put words between them',
      'components[0].text: may not start with a parameter',
      'components[0].text: may not end with a parameter',
      'components[0].example.body_text: needs one sample value for each of the 3 parameters',
      'components[1].text: must be at most 60 characters',
    ]);
  });
});

describe('parameters', () => {
  it('reads the numbers in order and sets apart what is not a parameter', () => {
    expect(parameters('Hi {{2}}, {{ 1 }} and {{name}} or {{0}}')).toEqual({ nums: [2, 1], malformed: ['{{name}}', '{{0}}'] });
    expect(parameterCount('Hi {{1}} and {{3}}')).toBe(3);
    expect(parameterCount('Hi there')).toBe(0);
  });
});

describe('https addresses, read as the server reads them', () => {
  it.each([
    ['https://shop.example', true],
    ['https://shop.example:8443/o?x=1#top', true],
    [' https://shop.example/a b ', true],
    ['https://user:pw@shop.example/', true],
    ['https://[2001:db8::1]:443/', true],
    ['http://shop.example', false],
    ['https://', false],
    ['https:shop.example', false],
    ['https://sh{op.example', false],
    ['https://shop.example:44x/', false],
    ['https://shop.example/%zz', false],
    ['https://shop.example/\u0007', false],
    ['ftp://shop.example', false],
    // Go's url.Parse takes a port without a host, and in a host only escapes of %25 and of bytes from 0x80.
    ['https://:443', true],
    ['https://a%41.example', false],
    ['https://a%C3%A4.example', true],
    ['https://a%25.example', true],
  ])('%j → %s', (address, https) => expect(isHttps(address)).toBe(https));
});
