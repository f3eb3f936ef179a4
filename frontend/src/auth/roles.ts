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
