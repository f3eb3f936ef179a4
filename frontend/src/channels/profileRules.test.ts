import { describe, expect, it } from 'vitest';
import { counter } from '../ui/rules';
import { aboutText, address, businessDescription, businessVertical, businessVerticals, contactEmail, website, websitesProblem } from './profileRules';

describe('business profile limits (the server\'s numbers)', () => {
  it.each([
    ['about', aboutText, 139, 'About'],
    ['address', address, 256, 'Address'],
    ['description', businessDescription, 256, 'Description'],
  ])('%s accepts %d characters and refuses one more, in words', (_, rule, max, label) => {
    expect(rule('a'.repeat(max))).toBeNull();
    expect(rule('a'.repeat(max + 1))).toBe(`${label} can be at most ${max} characters (${max + 1} now).`);
    expect(rule('')).toBeNull();
  });

  it('counts characters, not UTF-16 units, and ignores surrounding spaces as the server does', () => {
    expect(aboutText('😀'.repeat(139))).toBeNull();
    expect(aboutText('😀'.repeat(140))).toMatch(/at most 139/);
    expect(aboutText(`  ${'a'.repeat(139)}  `)).toBeNull();
    expect(counter('😀é', 139)).toBe('2 / 139');
  });

  it.each([
    ['', null],
    ['hello@bluebird.example', null],
    ['  hello@bluebird.example ', null],
    ['hello@bluebird', 'Enter an email address like name@example.com.'],
    ['not an email', 'Enter an email address like name@example.com.'],
    [`${'a'.repeat(116)}@bluebird.example`, 'Contact email can be at most 128 characters.'],
    [`${'a'.repeat(110)}@bluebird.example`, null],
  ])('contact email %j → %j', (value, problem) => expect(contactEmail(value)).toBe(problem));
});

describe('business vertical', () => {
  it('offers exactly the 17 verticals Meta accepts', () => {
    expect(businessVerticals).toHaveLength(17);
    expect(new Set(businessVerticals).size).toBe(17);
    expect(businessVerticals).toContain('Beauty, Spa and Salon');
    expect(businessVerticals).toContain('Non-profit');
    expect(businessVerticals[businessVerticals.length - 1]).toBe('Other');
  });

  it('accepts each listed vertical and nothing else', () => {
    for (const vertical of businessVerticals) expect(businessVertical('')(vertical)).toBeNull();
    expect(businessVertical('')('Beauty')).toBe('Choose a business vertical from the list.');
    expect(businessVertical('')('restaurant')).toBe('Choose a business vertical from the list.');
  });

  it('may stay empty while never set, but cannot be emptied once set', () => {
    expect(businessVertical('')('')).toBeNull();
    expect(businessVertical('Restaurant')('')).toBe('The business vertical cannot be emptied once set; choose another one.');
    expect(businessVertical('Restaurant')('Education')).toBeNull();
  });
});

describe('websites', () => {
  it.each([
    ['https://bluebird.example', null],
    ['http://bluebird.example/shop?x=1', null],
    ['', null],
    ['bluebird.example', 'Website 1 must be a full address starting with http:// or https://.'],
    ['ftp://bluebird.example', 'Website 1 must be a full address starting with http:// or https://.'],
    [`https://bluebird.example/${'a'.repeat(231)}`, null],
    [`https://bluebird.example/${'a'.repeat(232)}`, 'Website 1 can be at most 256 characters.'],
  ])('website %j → %j', (value, problem) => expect(website('Website 1')(value)).toBe(problem));

  it('allows at most two, and names the first broken one', () => {
    expect(websitesProblem([])).toBeNull();
    expect(websitesProblem(['https://a.example', 'https://b.example'])).toBeNull();
    expect(websitesProblem(['https://a.example', ' ', 'https://b.example'])).toBeNull();
    expect(websitesProblem(['https://a.example', 'https://b.example', 'https://c.example'])).toBe('Add at most 2 websites.');
    expect(websitesProblem(['https://a.example', 'mailto:x@a.example'])).toBe(
      'Website 2 must be a full address starting with http:// or https://.',
    );
  });
});
