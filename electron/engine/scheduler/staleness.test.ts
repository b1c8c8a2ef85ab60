import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../../../shared/quote';
import { createMarketClock, nyTime } from '../../../shared/market';
import { parseLimits } from '../providers/limits';
import { LIVE_ASKS } from './index';
import { planRefresh } from './planner';
import { createStalenessPolicy, STALE_GRACE_MS } from './staleness';

const market = createMarketClock();
const plan = (id: ProviderId = 'finnhub', alwaysOpen = false, noProvider = false) =>
  planRefresh({
    capacities: noProvider
      ? []
      : [
          {
            id,
            limits: parseLimits('30/s,60/min'),
            bulkSize: 1,
            streaming: false,
            streamSymbolCap: 0,
            pausedUntil: null,
            used: [],
          },
        ],
    universe: 5582,
    pinned: { 1: 9, 2: 0, 3: 0 },
    asks: LIVE_ASKS,
    session: 'regular',
    alwaysOpen,
    extendedHours: false,
  });

const policy = (alwaysOpen = false) => {
  const p = plan('finnhub', alwaysOpen);
  return createStalenessPolicy({ market, plan: () => p, alwaysOpen: () => alwaysOpen, extendedHours: () => false });
};
/** Is a quote of this tier fetched at `fetched` stale at `now`? */
const stale = (tier: 1 | 2 | 3, fetched: number, now: number, alwaysOpen = false) =>
  now - fetched > policy(alwaysOpen)(tier, now);

describe('session-aware staleness', () => {
  const fri = (min: number) => nyTime('2026-11-20', min);
  const sat = (min: number) => nyTime('2026-11-21', min);
  const mon = (min: number) => nyTime('2026-11-23', min);
  const tue = (min: number) => nyTime('2026-11-24', min);

  it('does not call a tier-1 quote stale because the market is closed', () => {
    expect(stale(1, fri(15 * 60 + 58), sat(12 * 60))).toBe(false);
    expect(stale(1, fri(15 * 60 + 58), mon(9 * 60 + 29))).toBe(false);
  });

  it('calls it stale once tier 1 has been polled for twice its interval without it', () => {
    // Friday 15:58 -> Monday: 2 polled minutes Friday, then from 09:30 Monday.
    expect(stale(1, fri(15 * 60 + 58), mon(9 * 60 + 36))).toBe(false);
    const limit = mon(9 * 60 + 38) + STALE_GRACE_MS;
    expect(stale(1, fri(15 * 60 + 58), limit - 1000)).toBe(false);
    expect(stale(1, fri(15 * 60 + 58), limit + 1000)).toBe(true);
    // Within a session it is simply twice the interval (plus grace).
    expect(stale(1, mon(10 * 60), mon(10 * 60 + 10) + STALE_GRACE_MS - 1000)).toBe(false);
    expect(stale(1, mon(10 * 60), mon(10 * 60 + 10) + STALE_GRACE_MS + 1000)).toBe(true);
    expect(stale(2, mon(10 * 60), mon(10 * 60 + 29))).toBe(false);
    expect(stale(2, mon(10 * 60), mon(10 * 60 + 32))).toBe(true);
  });

  it('keeps a tier-3 quote fresh until the next snapshot should have reached it', () => {
    expect(stale(3, fri(16 * 60 + 30), mon(12 * 60))).toBe(false);
    // Monday's snapshot (about 100 minutes, with room) is not over at 17:00.
    expect(stale(3, fri(16 * 60 + 30), mon(17 * 60))).toBe(false);
    expect(stale(3, fri(16 * 60 + 30), mon(20 * 60))).toBe(true);
    expect(stale(3, mon(16 * 60 + 30), tue(12 * 60))).toBe(false);
  });

  it('on the simulated feed it is twice the interval, day or night', () => {
    const p = policy(true);
    expect(p(1, sat(3 * 60))).toBeLessThan(11 * 60_000);
    expect(stale(1, sat(3 * 60), sat(3 * 60) + 9 * 60_000, true)).toBe(false);
    expect(stale(1, sat(3 * 60), sat(3 * 60) + 11 * 60_000, true)).toBe(true);
  });

  it('with no provider able to serve (every key refused), judges by the interval the user asked for', () => {
    const p = plan('finnhub', false, true);
    // The plan stretches tier 1 to a day when nothing can be polled...
    expect(p.tiers[0]?.intervalMs).toBe(86_400_000);
    const none = createStalenessPolicy({ market, plan: () => p, alwaysOpen: () => false, extendedHours: () => false });
    // ...but the quote still misses the 5-minute refreshes asked: stale after 2 x 5 min + grace.
    const fetched = mon(10 * 60);
    expect(mon(10 * 60 + 10) + STALE_GRACE_MS - 1000 - fetched).toBeLessThanOrEqual(none(1, mon(10 * 60 + 11)));
    expect(mon(10 * 60 + 12) - fetched).toBeGreaterThan(none(1, mon(10 * 60 + 12)));
  });
});
