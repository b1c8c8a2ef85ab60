import { describe, expect, it } from 'vitest';
import { asOfLine, freshness, STALE_AFTER_MS } from './staleness';

const T = Date.parse('2026-03-10T15:00:00.000Z');
const q = (over: Partial<{ stale: boolean; fetchedAt: string; tier: 1 | 2 | 3 }> = {}) => ({
  stale: false,
  fetchedAt: new Date(T).toISOString(),
  tier: 1 as const,
  asOf: new Date(T - 2000).toISOString(),
  source: 'finnhub' as const,
  ...over,
});

describe('staleness', () => {
  it('a fresh quote says when it will turn stale', () => {
    const f = freshness(q(), T + 1000);
    expect(f).toEqual({ stale: false, ageMs: 1000, staleAt: T + STALE_AFTER_MS[1] });
  });

  it('turns stale on screen when no newer quote came, without waiting for the engine', () => {
    expect(freshness(q(), T + STALE_AFTER_MS[1] - 1).stale).toBe(false);
    expect(freshness(q(), T + STALE_AFTER_MS[1]).stale).toBe(true);
    expect(freshness(q({ tier: 3 }), T + STALE_AFTER_MS[1]).stale).toBe(false);
  });

  it('believes the engine when it already flagged the quote stale', () => {
    expect(freshness(q({ stale: true }), T)).toMatchObject({ stale: true, staleAt: null });
  });

  it('treats an unreadable time as stale', () => {
    expect(freshness(q({ fetchedAt: 'nonsense' }), T).stale).toBe(true);
  });

  it('writes the as-of line a trader reads', () => {
    expect(asOfLine(q(), T + 3 * 60_000)).toMatch(/^as of \d\d:\d\d:\d\d · Finnhub · 3 min old$/);
  });
});
