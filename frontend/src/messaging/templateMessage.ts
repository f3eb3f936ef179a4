/**
 * A template message from an approved template: the values it needs (one for each {{n}} of its
 * header and body, one for a website button whose address has {{1}}, a link for a media header,
 * the code of an authentication template), and the Cloud API body that sends it.
 */
import type { WabaTemplate } from '../templates/api';
import { parameterCount, type Component } from '../templates/rules';
import { languageName } from '../templates/words';
import type { SendRequest, TemplateComponentValues } from './api';

/** Slot is one value a template needs before it can be sent. */
export interface Slot {
  key: string;
  label: string;
  /** kind says what the value is: words, or an https link to the header's media. */
  kind: 'text' | 'link';
  /** sample is the template's own sample value, shown as a placeholder. */
  sample?: string;
}

const mediaHeaders: Record<string, 'image' | 'video' | 'document'> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };
const mediaWords: Record<string, string> = { image: 'image', video: 'video', document: 'document' };

const componentOf = (template: Pick<WabaTemplate, 'components'>, type: string) => template.components?.find((component) => component.type === type);

/** templateLabel names a template as the picker shows it, e.g. "order_ready · English (US)". */
export const templateLabel = (template: Pick<WabaTemplate, 'name' | 'language'>) => `${template.name} · ${languageName(template.language)}`;

/** unsendableReason says why a template cannot be sent from the panel (a location header), or null. */
export const unsendableReason = (template: Pick<WabaTemplate, 'components'>) =>
  componentOf(template, 'HEADER')?.format === 'LOCATION' ? 'Its header is a location, which this panel cannot fill in.' : null;

/** slotsOf lists the values a template needs, in the order the message shows them. */
export function slotsOf(template: Pick<WabaTemplate, 'category' | 'components'>): Slot[] {
  if (template.category === 'AUTHENTICATION') return [{ key: 'code', label: 'One-time code', kind: 'text', sample: '123456' }];
  const slots: Slot[] = [];
  const header = componentOf(template, 'HEADER');
  if (header?.format === 'TEXT' && parameterCount(header.text ?? '') > 0) {
    slots.push({ key: 'header.1', label: 'Header {{1}}', kind: 'text', sample: header.example?.header_text?.[0] });
  }
  const media = mediaHeaders[header?.format ?? ''];
  if (media) slots.push({ key: 'header.media', label: `Header ${mediaWords[media]} link`, kind: 'link', sample: header?.example?.header_handle?.[0] });
  const body = componentOf(template, 'BODY');
  const samples = body?.example?.body_text?.[0] ?? [];
  for (let n = 1; n <= parameterCount(body?.text ?? ''); n++) {
    slots.push({ key: `body.${n}`, label: `Body {{${n}}}`, kind: 'text', sample: samples[n - 1] });
  }
  (componentOf(template, 'BUTTONS')?.buttons ?? []).forEach((button, index) => {
    if (button.type === 'URL' && parameterCount(button.url ?? '') > 0) {
      slots.push({ key: `button.${index}`, label: `Button “${button.text ?? index + 1}” link {{1}}`, kind: 'text', sample: undefined });
    }
  });
  return slots;
}

/** slotProblem says what is wrong with a slot's value, or null. */
export function slotProblem(slot: Slot, value = ''): string | null {
  const text = value.trim();
  if (text === '') return `${slot.label} is required.`;
  if (slot.kind === 'link' && !/^https:\/\/[^\s/?#]+\S*$/i.test(text)) return `${slot.label} must be a full address starting with https://.`;
  return null;
}

const text = (value = '') => ({ type: 'text' as const, text: value.trim() });

/** templateComponents are the Cloud API's component values of a template filled with values. */
export function templateComponents(template: Pick<WabaTemplate, 'category' | 'components'>, values: Record<string, string>): TemplateComponentValues[] {
  if (template.category === 'AUTHENTICATION') {
    // Meta's form for a one-time code: the code in the body, and again for the copy-code button.
    const code = text(values.code);
    return [
      { type: 'body', parameters: [code] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [code] },
    ];
  }
  const components: TemplateComponentValues[] = [];
  const slots = slotsOf(template);
  const header = componentOf(template, 'HEADER');
  const media = mediaHeaders[header?.format ?? ''];
  if (media) components.push({ type: 'header', parameters: [{ type: media, [media]: { link: (values['header.media'] ?? '').trim() } }] });
  else if (slots.some((slot) => slot.key === 'header.1')) components.push({ type: 'header', parameters: [text(values['header.1'])] });
  const body = slots.filter((slot) => slot.key.startsWith('body.'));
  if (body.length > 0) components.push({ type: 'body', parameters: body.map((slot) => text(values[slot.key])) });
  for (const slot of slots.filter((candidate) => candidate.key.startsWith('button.'))) {
    components.push({ type: 'button', sub_type: 'url', index: slot.key.slice('button.'.length), parameters: [text(values[slot.key])] });
  }
  return components;
}

/** templateRequest is the send body of a template to a recipient. */
export function templateRequest(to: string, template: Pick<WabaTemplate, 'name' | 'language' | 'category' | 'components'>, values: Record<string, string>): SendRequest {
  const components = templateComponents(template, values);
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: { name: template.name ?? '', language: { code: template.language ?? '' }, ...(components.length > 0 && { components }) },
  };
}

/** textRequest is the send body of a text to a recipient. */
export const textRequest = (to: string, body: string): SendRequest => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });

/** previewComponents are the template's components with the typed values as their samples, so the preview shows the message as it goes out. */
export function previewComponents(template: Pick<WabaTemplate, 'category' | 'components'>, values: Record<string, string>): Component[] {
  const slots = slotsOf(template);
  const body = slots.filter((slot) => slot.key.startsWith('body.')).map((slot) => values[slot.key] ?? '');
  return (template.components ?? []).map((component) => {
    if (component.type === 'HEADER' && component.format === 'TEXT') return { ...component, example: { header_text: [values['header.1'] ?? ''] } };
    if (component.type === 'HEADER' && mediaHeaders[component.format ?? '']) return { ...component, example: { header_handle: [values['header.media'] ?? ''] } };
    if (component.type === 'BODY' && template.category !== 'AUTHENTICATION') return { ...component, example: { body_text: [body] } };
    return component;
  });
}
