import type { Channel, Profile } from '../channels/api';
import type { ClientAccount } from '../clients/api';
import type { Partner } from '../partners/api';
import { daysFromNow } from './now';

/** The ids of the fixture partner, client and channel. */
export const ids = { partner: 'p1PA', client: 'c1CL', channel: 'ch1CH' } as const;

/** runningChannel is a running number on default storage, as the API shows it. */
export function runningChannel(changes: Partial<Channel> = {}): Channel {
  return {
    id: ids.channel,
    client_id: ids.client,
    partner_id: ids.partner,
    waba_account_id: 'w1WA',
    status: 'running',
    account_mode: 'live',
    current_quality_rating: 'GREEN',
    current_limit: 'TIER_1K',
    hosting_type: 'cloud',
    support_plan: 'premium',
    key_permission: 'shared',
    created_at: daysFromNow(-45),
    modified_at: daysFromNow(-45),
    setup_info: { phone_number: '+4915112345001', phone_name: 'Bluebird Bakery' },
    health: { can_send_message: 'AVAILABLE' },
    client: { id: ids.client, name: 'Bluebird Bakery', partner_payload: 'crm-Blu' },
    waba_account: { id: 'w1WA', name: 'Bluebird WABA', fb_account_status: 'verified', number_limit: 25 },
    ...changes,
  };
}

/** bakeryProfile is a business profile with a vertical set. */
export const bakeryProfile: Profile = {
  about_text: 'Fresh bread daily',
  address: 'Bakery Street 1, Berlin',
  business_description: 'A bakery.',
  contact_email: 'hello@bluebird.example',
  business_vertical: 'Food and Grocery',
  websites: ['https://bluebird.example'],
};

/** bakery is a client of the fixture partner. */
export const bakery: ClientAccount = {
  id: ids.client,
  name: 'Bluebird Bakery',
  organisation: 'Bluebird Bakery Ltd',
  status: 'active',
  partner_id: ids.partner,
  partner_payload: 'crm-Blu',
  max_channels: 10,
  plan: 'premium',
  channel_count: 3,
  contact_info: { full_name: 'Bea Baker', email: 'owner@bluebird-bakery.example' },
  created_at: daysFromNow(-45),
  modified_at: daysFromNow(-45),
};

/** page wraps items in the list envelope under the items key. */
export function page<Item>(key: string, items: Item[], total = items.length) {
  return { count: items.length, total, limit: 20, offset: 0, sort: [], filters: {}, [key]: items };
}

/** acmePartner is the fixture partner as the operator's partner screens read it. */
export function acmePartner(changes: Partial<Partner> = {}): Partner {
  return {
    id: ids.partner,
    brand_name: 'Acme Messaging',
    country: 'DE',
    partner_plan: 'growth',
    partner_tier: 'silver',
    billing_model: 'partner_payment',
    billing_system: 'default',
    status: 'active',
    allow_client_to_add_phone_no: true,
    auto_approve: false,
    created_at: daysFromNow(-45),
    ...changes,
  };
}
