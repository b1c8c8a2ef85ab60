import { describe, expect, it } from 'vitest';
import type { RefreshPlan } from '../../../shared/contract';
import { createMarketClock } from '../../../shared/market';
import { asOfLine, freshness, STALE_AFTER_MS, STALE_GRACE_MS, type StalenessContext } from './staleness';

function plan(intervalMs: number, alwaysOpen = false): RefreshPlan {
  const tier = (t: 1 | 2 | 3) => ({
    tier: t,
    symbols: 10,
    streamed: 0,
    pinned: 0,
    askedSize: null,
    askedIntervalMs: intervalMs,
    intervalMs: intervalMs * t,
    polling: true,
    callsPerMinute: 1,
    stretched: false,
    shrunk: false,
  });
  return {
    session: 'regular',
    alwaysOpen,
    providers: [],
    tiers: [tier(1), tier(2), tier(3)],
    safetyMargin: 0.1,
    reservePerMinute: 1,
    headroomPerMinute: 0,
    pacePerMinute: 1,
    sparePerMinute: 0,
    spareSweepMs: null,
    snapshot: { symbols: 10, calls: 10, minutes: 20 },
    feasible: true,
    adjustments: [],
    sentence: '',
  };
}

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
    expect(f).toEqual({ stale: false, ageMs: 1000, staleAt: T + STALE_AFTER_MS[1] + 1 });
  });

  it('turns stale on screen when no newer quote came, without waiting for the engine', () => {
    expect(freshness(q(), T + STALE_AFTER_MS[1]).stale).toBe(false);
    expect(freshness(q(), T + STALE_AFTER_MS[1] + 1).stale).toBe(true);
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

  it('follows the market: a quote from just before the close stays fresh all night, then ages with the session', () => {
    const ctx: StalenessContext = { plan: plan(60_000), extendedHours: false, market: createMarketClock() };
    // Tuesday 10 March 2026, 15:59 New York (EDT): a minute before the close.
    const fetched = Date.parse('2026-03-10T19:59:00Z');
    const quote = q({ fetchedAt: new Date(fetched).toISOString() });
    expect(freshness(quote, Date.parse('2026-03-11T03:00:00Z'), ctx).stale).toBe(false);
    expect(freshness(quote, Date.parse('2026-03-11T13:29:00Z'), ctx).stale).toBe(false);
    // Twice the interval (2 min) of polled time plus a minute of grace: 1 min before the close +
    // 2 min after the open is not yet past it; 3 min after the open is.
    expect(freshness(quote, Date.parse('2026-03-11T13:31:30Z'), ctx).stale).toBe(false);
    expect(freshness(quote, Date.parse('2026-03-11T13:33:30Z'), ctx).stale).toBe(true);
    // The old wall-clock rule would have called it stale at 16:09 already.
    expect(freshness(quote, fetched + STALE_AFTER_MS[1] + 1, null).stale).toBe(true);
  });

  it('on the simulated feed, which never closes, it is twice the interval day or night', () => {
    const ctx: StalenessContext = { plan: plan(5000, true), extendedHours: false, market: createMarketClock() };
    const night = Date.parse('2026-03-11T03:00:00Z');
    const quote = q({ fetchedAt: new Date(night).toISOString() });
    const limit = 2 * 5000 + STALE_GRACE_MS / 12;
    expect(freshness(quote, night + limit, ctx).stale).toBe(false);
    expect(freshness(quote, night + limit + 1, ctx).stale).toBe(true);
  });
});
