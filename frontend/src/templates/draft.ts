/**
 * The builder's form, and how it becomes Meta's create body and back. The form holds what a
 * person types (a header kind, the body, one sample per parameter, buttons in a list); toTemplate
 * turns it into the components WhatsApp takes, which the rules (rules.ts) check and the preview
 * draws, and fromTemplate opens an existing template in the form for an edit or another language.
 */
import { parameterCount, parameters, type Button, type Category, type Component, type Template } from './rules';

/** headerKinds are the headers the builder offers: none, or one of Meta's formats. */
export const headerKinds = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;
export type HeaderKind = (typeof headerKinds)[number];

/** buttonKinds are the buttons of a marketing or utility template. */
export const buttonKinds = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'] as const;
export type ButtonKind = (typeof buttonKinds)[number];

/** otpTypes are the buttons of an authentication template. */
export const otpTypes = ['COPY_CODE', 'ONE_TAP'] as const;
export type OtpType = (typeof otpTypes)[number];

/** DraftButton is one button as the form holds it; urlSample is the value of the URL's {{1}} (or a whole sample URL). */
export interface DraftButton {
  type: ButtonKind;
  text: string;
  url: string;
  urlSample: string;
  phone: string;
}

/** Draft is the builder's form. */
export interface Draft {
  name: string;
  language: string;
  category: Category | '';
  header: HeaderKind;
  headerText: string;
  headerSample: string;
  /** headerMedia is the https address of a sample image, video or document. */
  headerMedia: string;
  body: string;
  /** bodySamples are the sample values of {{1}}, {{2}}, … in order. */
  bodySamples: string[];
  footer: string;
  buttons: DraftButton[];
  // AUTHENTICATION
  securityRecommendation: boolean;
  /** codeExpiry is the minutes the code stays valid, as typed; empty for no expiry line. */
  codeExpiry: string;
  otpType: OtpType;
  otpText: string;
  packageName: string;
  signatureHash: string;
}

/** emptyDraft is the form of a new template. */
export const emptyDraft = (): Draft => ({
  name: '',
  language: '',
  category: '',
  header: 'NONE',
  headerText: '',
  headerSample: '',
  headerMedia: '',
  body: '',
  bodySamples: [],
  footer: '',
  buttons: [],
  securityRecommendation: true,
  codeExpiry: '10',
  otpType: 'COPY_CODE',
  otpText: 'Copy code',
  packageName: '',
  signatureHash: '',
});

/** newButton is a fresh button of a kind. */
export const newButton = (type: ButtonKind): DraftButton => ({ type, text: '', url: '', urlSample: '', phone: '' });

/** headerHasParameter says whether the header text holds {{1}}, so its sample is asked for. */
export const headerHasParameter = (draft: Pick<Draft, 'header' | 'headerText'>) => draft.header === 'TEXT' && parameters(draft.headerText).nums.length > 0;

/** bodyParameters is how many sample values the body asks for: its highest parameter number. */
export const bodyParameters = (body: string) => parameterCount(body);

/** urlHasParameter says whether a URL button's address holds a parameter, so its sample is asked for. */
export const urlHasParameter = (url: string) => parameters(url).nums.length > 0;

// The first {{1}} of a URL, written as the rules read parameters.
const urlParameter = /\{\{[\t\n\f\r ]*1[\t\n\f\r ]*\}\}/;

/** sampleUrl is the URL with its parameter filled in by the sample, or the sample when it is a whole address already. */
export const sampleUrl = (url: string, sample: string) => (/^https?:\/\//i.test(sample.trim()) ? sample.trim() : url.replace(urlParameter, sample.trim()));

/** codeExpiryMinutes reads the code expiry as the server takes it: a whole number of minutes, or none. */
export const codeExpiryMinutes = (typed: string): number | undefined | null => {
  const text = typed.trim();
  if (text === '') return undefined;
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
};

/** codeExpiryProblem is the form's own problem with the expiry: a value the server could not read as a number. */
export const codeExpiryProblem = (typed: string) => (codeExpiryMinutes(typed) === null ? 'Code expiry: must be a whole number of minutes' : null);

function button(draft: DraftButton): Button {
  switch (draft.type) {
    case 'QUICK_REPLY':
      return { type: 'QUICK_REPLY', text: draft.text };
    case 'URL':
      return urlHasParameter(draft.url) && draft.urlSample.trim() !== ''
        ? { type: 'URL', text: draft.text, url: draft.url, example: [sampleUrl(draft.url, draft.urlSample)] }
        : { type: 'URL', text: draft.text, url: draft.url };
    case 'PHONE_NUMBER':
      return { type: 'PHONE_NUMBER', text: draft.text, phone_number: draft.phone.trim() };
  }
}

/** toComponents are the components of the form, in Meta's shape and order: header, body, footer, buttons. */
export function toComponents(draft: Draft): Component[] {
  if (draft.category === 'AUTHENTICATION') {
    const minutes = codeExpiryMinutes(draft.codeExpiry);
    const otp: Button =
      draft.otpType === 'ONE_TAP'
        ? { type: 'OTP', otp_type: 'ONE_TAP', text: draft.otpText, package_name: draft.packageName.trim(), signature_hash: draft.signatureHash.trim() }
        : { type: 'OTP', otp_type: 'COPY_CODE', text: draft.otpText };
    return [
      { type: 'BODY', add_security_recommendation: draft.securityRecommendation },
      ...(typeof minutes === 'number' ? [{ type: 'FOOTER', code_expiration_minutes: minutes }] : []),
      { type: 'BUTTONS', buttons: [otp] },
    ];
  }
  const components: Component[] = [];
  if (draft.header === 'TEXT') {
    components.push(
      headerHasParameter(draft)
        ? { type: 'HEADER', format: 'TEXT', text: draft.headerText, example: { header_text: [draft.headerSample] } }
        : { type: 'HEADER', format: 'TEXT', text: draft.headerText },
    );
  } else if (draft.header !== 'NONE') {
    components.push(
      draft.headerMedia.trim() ? { type: 'HEADER', format: draft.header, example: { header_handle: [draft.headerMedia.trim()] } } : { type: 'HEADER', format: draft.header },
    );
  }
  const count = bodyParameters(draft.body);
  const samples = Array.from({ length: count }, (_, i) => draft.bodySamples[i] ?? '');
  components.push(count > 0 ? { type: 'BODY', text: draft.body, example: { body_text: [samples] } } : { type: 'BODY', text: draft.body });
  if (draft.footer.trim() !== '') components.push({ type: 'FOOTER', text: draft.footer });
  if (draft.buttons.length > 0) components.push({ type: 'BUTTONS', buttons: draft.buttons.map(button) });
  return components;
}

/** toTemplate is the form as Meta's create body. */
export const toTemplate = (draft: Draft): Template => ({
  name: draft.name.trim(),
  language: draft.language,
  category: draft.category,
  components: toComponents(draft),
});

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** fromTemplate opens a template in the form: for an edit, or, with another language, as the start of a new one. */
export function fromTemplate(template: { name?: string; language?: string; category?: string; components?: Component[] }): Draft {
  const draft = emptyDraft();
  draft.name = template.name ?? '';
  draft.language = template.language ?? '';
  draft.category = (['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(template.category ?? '') ? template.category : '') as Draft['category'];
  const auth = draft.category === 'AUTHENTICATION';
  for (const component of template.components ?? []) {
    switch (component.type) {
      case 'HEADER': {
        const format = str(component.format);
        if (format === 'TEXT') {
          draft.header = 'TEXT';
          draft.headerText = str(component.text);
          draft.headerSample = str(component.example?.header_text?.[0]);
        } else if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') {
          draft.header = format;
          draft.headerMedia = str(component.example?.header_handle?.[0]);
        }
        break;
      }
      case 'BODY':
        if (auth) draft.securityRecommendation = component.add_security_recommendation === true;
        draft.body = str(component.text);
        draft.bodySamples = (component.example?.body_text?.[0] ?? []).map(str);
        break;
      case 'FOOTER':
        if (auth) draft.codeExpiry = typeof component.code_expiration_minutes === 'number' ? String(component.code_expiration_minutes) : '';
        draft.footer = str(component.text);
        break;
      case 'BUTTONS':
        for (const b of component.buttons ?? []) {
          if (b.type === 'OTP') {
            draft.otpType = b.otp_type === 'ONE_TAP' ? 'ONE_TAP' : 'COPY_CODE';
            draft.otpText = str(b.text);
            draft.packageName = str(b.package_name);
            draft.signatureHash = str(b.signature_hash);
          } else if (b.type === 'QUICK_REPLY' || b.type === 'URL' || b.type === 'PHONE_NUMBER') {
            const url = str(b.url);
            const example = str(b.example?.[0]);
            const [before] = url.split(urlParameter);
            const sample = example && urlHasParameter(url) && url.trim().match(/\}\}$/) && example.startsWith(before) ? example.slice(before.length) : example;
            draft.buttons.push({ type: b.type, text: str(b.text), url, urlSample: sample, phone: str(b.phone_number) });
          }
        }
        break;
    }
  }
  if (auth && !(template.components ?? []).some((component) => component.type === 'FOOTER')) draft.codeExpiry = '';
  return draft;
}

/** setBody changes the body and keeps one sample slot per parameter (samples of removed parameters are kept while typing). */
export const setBody = (draft: Draft, body: string): Draft => {
  const count = bodyParameters(body);
  const bodySamples = draft.bodySamples.length >= count ? draft.bodySamples : [...draft.bodySamples, ...Array(count - draft.bodySamples.length).fill('')];
  return { ...draft, body, bodySamples };
};
