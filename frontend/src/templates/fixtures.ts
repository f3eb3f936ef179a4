/** Fixtures of the template tests: a WABA of the fixture client and templates on it, dated relative to NOW. */
import { ids } from '../test/fixtures';
import { daysFromNow, hoursFromNow } from '../test/now';
import type { Waba, WabaTemplate } from './api';
import type { Template } from './rules';

/** wabaId is the fixture client's WABA. */
export const wabaId = 'w1WA';

/** bluebirdWaba is the fixture client's verified WABA. */
export const bluebirdWaba: Waba = {
  id: wabaId,
  name: 'Bluebird WABA',
  client_id: ids.client,
  partner_id: ids.partner,
  fb_account_status: 'verified',
  number_count: 3,
  effective_limit: 25,
};

/** partnerBase and portalBase are the template paths of the fixture WABA for partner staff and for client users. */
export const partnerBase = `/api/v2/partners/${ids.partner}/waba_accounts/${wabaId}/waba_templates`;
export const portalBase = `/api/v2/clients/${ids.client}/waba_accounts/${wabaId}/waba_templates`;

/**
 * referenceTemplate is the reference's example (cloud-api.md §2), which passes every rule: a
 * text header with a parameter, a body with two, a footer and three kinds of buttons. The
 * server's rules_test.go starts from the same one.
 */
export const referenceTemplate = (): Template => ({
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#123'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order ships {{2}}.', example: { body_text: [['Ana', 'today']] } },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Track' },
        { type: 'URL', text: 'Open', url: 'https://shop.example/o/{{1}}', example: ['https://shop.example/o/123'] },
        { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+4930123456' },
      ],
    },
  ],
});

/** orderUpdate is an approved utility template with a header, two body parameters, a footer and three buttons. */
export function orderUpdate(changes: Partial<WabaTemplate> = {}): WabaTemplate {
  return {
    id: 't1TP',
    partner_id: ids.partner,
    client_id: ids.client,
    waba_account_id: wabaId,
    external_id: '1234567890123456',
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'approved',
    quality_score: 'GREEN',
    components: referenceTemplate().components,
    created_at: daysFromNow(-10),
    created_by: { user_id: 'u1', user_name: 'Anna Schmidt' },
    modified_at: daysFromNow(-2),
    modified_by: { user_id: 'u2', user_name: 'Max Acme' },
    status_changed_at: daysFromNow(-2),
    ...changes,
  };
}

/** springSale is a utility template Meta rejected for its offer. */
export function springSale(changes: Partial<WabaTemplate> = {}): WabaTemplate {
  return orderUpdate({
    id: 't2TP',
    external_id: undefined,
    name: 'spring_sale',
    language: 'de',
    status: 'rejected',
    quality_score: 'UNKNOWN',
    rejected_reason: 'INCORRECT_CATEGORY',
    rejected_detail: 'A UTILITY template may not carry a marketing offer ("20% off").',
    components: [{ type: 'BODY', text: 'Get 20% off today, {{1}}!', example: { body_text: [['Ana']] } }],
    created_by: { user_id: 'u1', user_name: 'Anna Schmidt' },
    modified_by: undefined,
    modified_at: hoursFromNow(-3),
    ...changes,
  });
}

/** welcome is a marketing template waiting for its review. */
export function welcome(changes: Partial<WabaTemplate> = {}): WabaTemplate {
  return orderUpdate({
    id: 't3TP',
    external_id: undefined,
    name: 'welcome',
    language: 'pt_BR',
    category: 'MARKETING',
    status: 'submitted',
    quality_score: 'UNKNOWN',
    components: [{ type: 'BODY', text: 'Welcome to *Bluebird*!' }],
    modified_by: undefined,
    modified_at: hoursFromNow(-1),
    ...changes,
  });
}
