import { describe, expect, it } from 'vitest';
import { channelAbilities } from './roles';

describe('channel abilities (as the server grants them)', () => {
  it.each([
    ['platform_admin', true, true],
    ['partner_admin', true, true],
    ['partner_member', true, true],
    ['client_admin', true, true],
    ['client_member', true, false],
    ['support_agent', false, false],
    ['someone_else', false, false],
    [undefined, false, false],
  ])('%s: change %s, cancel %s', (role, change, cancel) => expect(channelAbilities(role)).toEqual({ change, cancel }));
});
