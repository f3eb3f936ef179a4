/** Area is one of the three parts of the UI; each role works in exactly one. */
export type Area = 'operator' | 'partner' | 'portal';

const areaByRole: Record<string, Area> = {
  platform_admin: 'operator',
  support_agent: 'operator',
  partner_admin: 'partner',
  partner_member: 'partner',
  client_admin: 'portal',
  client_member: 'portal',
};

/** areaOf names the area of a role; an unknown role gets the least privileged area. */
export function areaOf(role = ''): Area {
  return areaByRole[role] ?? 'portal';
}

/** areaTitle is the heading of each area. */
export const areaTitle: Record<Area, string> = {
  operator: 'Operator console',
  partner: 'Partner admin',
  portal: 'Client portal',
};

/** passwordPath is where a user must go first while the server requires a new password. */
export const passwordPath = '/account/password';

/** homePath is where a signed-in user lands. */
export function homePath(session: { user: { role?: string }; mustChangePassword: boolean }): string {
  return session.mustChangePassword ? passwordPath : `/${areaOf(session.user.role)}`;
}

/** roleLabel names a role in words, e.g. "Partner admin" for partner_admin. */
export function roleLabel(role = ''): string {
  const words = role.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** canCreatePartners says whether the role may create partners. */
export const canCreatePartners = (role?: string) => role === 'platform_admin';

/** canManagePartnerUsers says whether the role may add users to its partner. */
export const canManagePartnerUsers = (role?: string) => role === 'partner_admin';

/** isPlatformStaff says whether the role works for the platform operator. */
export const isPlatformStaff = (role?: string) => role === 'platform_admin' || role === 'support_agent';

/** canEditPartnerSettings says whether the role may change its partner's settings. */
export const canEditPartnerSettings = (role?: string) => role === 'partner_admin' || role === 'platform_admin';

/** canEditPartnerCommercials says whether the role may set a partner's plan, tier, billing and status. */
export const canEditPartnerCommercials = (role?: string) => role === 'platform_admin';

/** canDecideLimitRaises says whether the role may approve or reject number-limit raises. */
export const canDecideLimitRaises = (role?: string) => role === 'platform_admin';

/** ChannelAbilities says what a role may do on a channel's page; the server decides in the end. */
export interface ChannelAbilities {
  /** change: edit the profile and webhook, switch local storage. */
  change: boolean;
  /** cancel: cancel the number, or reactivate a cancelled one. */
  cancel: boolean;
}

const cancellingRoles = new Set(['platform_admin', 'partner_admin', 'partner_member', 'client_admin']);

/**
 * channelAbilities gives a role's abilities on a channel, as the server grants them: support
 * agents only look; a client member changes the number's settings but cannot cancel it.
 */
export function channelAbilities(role?: string): ChannelAbilities {
  const known = role !== undefined && role in areaByRole;
  return { change: known && role !== 'support_agent', cancel: cancellingRoles.has(role ?? '') };
}

/** canManagePartnerWebhook says whether the role may set the partner webhook, send test events and rotate the signing secret. */
export const canManagePartnerWebhook = (role?: string) => role === 'partner_admin' || role === 'platform_admin';

/** KeyAbilities says what a role may do with a number's API key; the server decides in the end. */
export interface KeyAbilities {
  /** generate: generate or rotate the key (the partner's key in the partner area, the client's own key in the portal). */
  generate: boolean;
  /** revoke: revoke a key of the number at once. */
  revoke: boolean;
  /** share: share the key permission with the partner or withdraw it (portal). */
  share: boolean;
}

/**
 * keyAbilities gives a role's abilities on a number's API key, as the server grants them: all
 * partner staff generate and revoke the partner's keys; in the portal only a client admin
 * changes the permission, generates an own key or revokes, and a client member only looks.
 */
export function keyAbilities(role?: string): KeyAbilities {
  if (role === 'partner_admin' || role === 'partner_member') return { generate: true, revoke: true, share: false };
  if (role === 'client_admin') return { generate: true, revoke: true, share: true };
  return { generate: false, revoke: false, share: false };
}

/** canManagePartnerKeys says whether the role may see, create and revoke the partner's own API keys. */
export const canManagePartnerKeys = (role?: string) => role === 'partner_admin';
