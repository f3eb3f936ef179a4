import { describe, expect, it } from 'vitest';
import { channelStatuses, qualityRatings } from './api';
import { channelStatusTone, displayNameProblem, optionalDisplayNameProblem, qualityTone } from './words';

describe('status badges', () => {
  it.each([
    ['created', 'gray', 'Created'],
    ['submitted', 'blue', 'Submitted'],
    ['ready', 'cyan', 'Ready'],
    ['running', 'green', 'Running'],
    ['pending_deletion', 'orange', 'Pending deletion'],
    ['terminated', 'red', 'Terminated'],
    ['migrating', 'grape', 'Migrating'],
  ])('channel status %s is %s "%s"', (status, color, label) => expect(channelStatusTone(status)).toEqual({ color, label }));

  it('gives every channel status of the API its own colour, and only running is green', () => {
    const tones = channelStatuses.map((status) => channelStatusTone(status));
    expect(tones.every((tone) => tone.label !== 'Unknown')).toBe(true);
    expect(channelStatuses.filter((status) => channelStatusTone(status).color === 'green')).toEqual(['running']);
  });

  it('shows a status it does not know in words, in grey', () => {
    expect(channelStatusTone('brand_new_state')).toEqual({ color: 'gray', label: 'Brand new state' });
    expect(channelStatusTone(undefined)).toEqual({ color: 'gray', label: 'Unknown' });
  });

  it.each([
    ['GREEN', 'green', 'High quality'],
    ['YELLOW', 'yellow', 'Medium quality'],
    ['RED', 'red', 'Low quality'],
    ['UNKNOWN', 'gray', 'Quality unknown'],
    [undefined, 'gray', 'Quality unknown'],
  ])('quality %s is %s "%s"', (rating, color, label) => expect(qualityTone(rating)).toEqual({ color, label }));

  it('covers every quality rating of the API', () => {
    expect(new Set(qualityRatings.map((rating) => qualityTone(rating).color)).size).toBe(4);
  });
});

describe('display name', () => {
  it.each([
    ['', 'Enter the display name.'],
    ['ab', 'A display name has at least 3 characters (2 now).'],
    ['  ab  ', 'A display name has at least 3 characters (2 now).'],
    ['a'.repeat(129), 'A display name has at most 128 characters (129 now).'],
    ['123 456', 'A display name needs letters; digits and punctuation alone are not a name.'],
    ['Bluebird\nBakery', 'The display name must be one line.'],
    ['Bäckerei Sonnenschein', null],
    ['😀😀a', null],
  ])('%j → %j', (value, problem) => {
    expect(displayNameProblem(value)).toBe(problem);
  });

  it('may be left out of an import, but not be too short when given', () => {
    expect(optionalDisplayNameProblem('  ')).toBeNull();
    expect(optionalDisplayNameProblem('ab')).toBe('A display name has at least 3 characters (2 now).');
  });
});
