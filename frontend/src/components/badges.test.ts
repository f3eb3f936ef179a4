import { describe, expect, it } from 'vitest';
import { channelStatuses, qualityRatings } from '../api/shapes';
import { channelStatusTone, humanize, qualityTone, statusTone } from './badges';

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

  it.each([
    ['active', 'green'],
    ['suspended', 'red'],
    ['inactive', 'gray'],
    ['pending', 'yellow'],
    ['approved', 'green'],
    ['rejected', 'red'],
    ['BLOCKED', 'red'],
    ['LIMITED', 'yellow'],
  ])('status %s is %s', (status, color) => expect(statusTone(status).color).toBe(color));

  it('puts API values in words', () => {
    expect(humanize('pending_deletion')).toBe('Pending deletion');
    expect(humanize('AVAILABLE')).toBe('Available');
    expect(humanize('')).toBe('');
  });
});
