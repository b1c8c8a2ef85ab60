import { describe, expect, it } from 'vitest';
import { createMarketClock } from '../../../shared/market';
import { marketText } from './market-text';

const clock = createMarketClock();

describe('the market badge in words', () => {
  it('counts down to the close while the market is open', () => {
    const at = Date.parse('2026-03-10T17:54:51Z'); // 13:54:51 New York, a Tuesday
    const t = marketText(clock.status(at), at);
    expect(t.label).toBe('Market open');
    expect(t.next).toBe('closes in 2:05:09');
    expect(t.note).toBeNull();
    expect(t.detail).toMatch(/closes at Tue 16:00 ET/);
  });

  it('names a holiday and says when it opens again', () => {
    const at = Date.parse('2026-11-26T17:00:00Z'); // Thanksgiving
    const t = marketText(clock.status(at), at);
    expect(t.label).toBe('Market closed');
    expect(t.note).toMatch(/Thanksgiving/);
    expect(t.detail).toMatch(/next open Fri 09:30 ET/);
  });

  it('names an early close', () => {
    const at = Date.parse('2026-11-27T15:00:00Z'); // the day after Thanksgiving, 10:00 New York
    const t = marketText(clock.status(at), at);
    expect(t.label).toBe('Market open');
    expect(t.note).toMatch(/closes 13:00 ET/);
    expect(t.next).toBe('closes in 3:00:00');
  });

  it('over a weekend says the day rather than a long countdown', () => {
    const at = Date.parse('2026-03-14T15:00:00Z'); // Saturday
    const t = marketText(clock.status(at), at);
    expect(t.label).toBe('Market closed');
    expect(t.next).toMatch(/^(opens|pre-market) (Mon \d\d:\d\d|in \d+:\d\d:\d\d)$/);
  });
});
