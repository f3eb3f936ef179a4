import { areaOf } from '../app/roles';

/** supportPath is where the support screens live in the user's area. */
export function supportPath(role?: string): string {
  const area = areaOf(role);
  return area === 'operator' ? '/operator/tickets' : `/${area}/support`;
}
