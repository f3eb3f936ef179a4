import { all, atMost, characters, email, httpUrl, optional, type Rule } from '../ui/rules';

/** profileText limits a profile text the way the server does: leading and trailing spaces do not count. */
const profileText =
  (label: string, max: number): Rule =>
  (value) => {
    const length = characters(value.trim());
    return length > max ? `${label} can be at most ${max} characters (${length} now).` : null;
  };

/** profileLimits are the server's limits on a channel's business profile, in characters. */
export const profileLimits = {
  about_text: 139,
  address: 256,
  business_description: 256,
  contact_email: 128,
  website: 256,
  websites: 2,
} as const;

/** businessVerticals is the fixed list a profile's vertical is chosen from. */
export const businessVerticals = [
  'Automotive',
  'Beauty, Spa and Salon',
  'Clothing and Apparel',
  'Education',
  'Entertainment',
  'Event Planning and Service',
  'Finance and Banking',
  'Food and Grocery',
  'Public Service',
  'Hotel and Lodging',
  'Medical and Health',
  'Non-profit',
  'Professional Services',
  'Shopping and Retail',
  'Travel and Transportation',
  'Restaurant',
  'Other',
] as const;

export const aboutText: Rule = profileText('About', profileLimits.about_text);
export const address: Rule = profileText('Address', profileLimits.address);
export const businessDescription: Rule = profileText('Description', profileLimits.business_description);
export const contactEmail: Rule = optional((value) => all(atMost('Contact email', profileLimits.contact_email), email)(value.trim()));
export const website = (label: string): Rule => optional(httpUrl(label, profileLimits.website));

/**
 * businessVertical accepts a value of the list; empty only while no vertical was ever set, since
 * the server refuses to reset it to empty.
 */
export const businessVertical =
  (savedVertical: string): Rule =>
  (value) => {
    if (value === '') return savedVertical === '' ? null : 'The business vertical cannot be emptied once set; choose another one.';
    return (businessVerticals as readonly string[]).includes(value) ? null : 'Choose a business vertical from the list.';
  };

/** websitesProblem checks a whole list of websites: at most two, each an http(s) address. */
export function websitesProblem(websites: string[]): string | null {
  const filled = websites.filter((site) => site.trim() !== '');
  if (filled.length > profileLimits.websites) return `Add at most ${profileLimits.websites} websites.`;
  return filled.map((site, index) => website(`Website ${index + 1}`)(site)).find((problem) => problem !== null) ?? null;
}
