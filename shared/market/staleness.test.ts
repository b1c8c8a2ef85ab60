import { describe, expect, it } from 'vitest';
import { createMarketClock } from './market-clock';
import { nyTime } from './ny-time';
import {
  createStaleAfterMemo,
  DEFAULT_STALE_AFTER_MS,
  STALE_GRACE_MS,
  staleAfterMs,
  type StalenessPlan,
} from './staleness';

const market = createMarketClock();
// A live plan like a free Finnhub key's: tier 1 every 5 min, tier 2 every 15, a 100-minute snapshot.
const plan: StalenessPlan = {
  tiers: [
    { tier: 1, intervalMs: 5 * 60_000, askedIntervalMs: 5 * 60_000 },
    { tier: 2, intervalMs: 15 * 60_000, askedIntervalMs: 15 * 60_000 },
    { tier: 3, intervalMs: 86_400_000, askedIntervalMs: 86_400_000 },
  ],
  snapshot: { minutes: 100 },
  providers: ['finnhub'],
};
const input = (over: { alwaysOpen?: boolean; extendedHours?: boolean; plan?: StalenessPlan | undefined } = {}) => ({
  plan,
  market,
  alwaysOpen: false,
  extendedHours: false,
  ...over,
});
const stale = (tier: 1 | 2 | 3, fetched: number, now: number, over: Parameters<typeof input>[0] = {}) =>
  now - fetched > staleAfterMs(tier, now, input(over));

const fri = (min: number) => nyTime('2026-11-20', min);
const sat = (min: number) => nyTime('2026-11-21', min);
const mon = (min: number) => nyTime('2026-11-23', min);
const tue = (min: number) => nyTime('2026-11-24', min);

describe('the shared staleness rule', () => {
  it('falls back to twice the default intervals before a plan exists', () => {
    for (const tier of [1, 2, 3] as const) {
      expect(staleAfterMs(tier, mon(600), input({ plan: undefined }))).toBe(DEFAULT_STALE_AFTER_MS[tier]);
    }
  });

  it('does not count closed hours: a tier-1 quote from just before Friday close is fresh on Monday morning', () => {
    expect(stale(1, fri(15 * 60 + 58), sat(12 * 60))).toBe(false);
    expect(stale(1, fri(15 * 60 + 58), mon(9 * 60 + 29))).toBe(false);
    // 2 polled minutes on Friday + 8 on Monday = twice the interval; then a minute of grace.
    const limit = mon(9 * 60 + 38) + STALE_GRACE_MS;
    expect(stale(1, fri(15 * 60 + 58), limit - 1000)).toBe(false);
    expect(stale(1, fri(15 * 60 + 58), limit + 1000)).toBe(true);
  });

  it('is twice the interval plus grace inside a session', () => {
    expect(stale(1, mon(600), mon(610) + STALE_GRACE_MS - 1000)).toBe(false);
    expect(stale(1, mon(600), mon(610) + STALE_GRACE_MS + 1000)).toBe(true);
    expect(stale(2, mon(600), mon(629))).toBe(false);
    expect(stale(2, mon(600), mon(632))).toBe(true);
  });

  it('counts pre- and post-market as polled time only when extended hours are on', () => {
    // Fetched Monday 15:58; at 16:20 the regular rule has seen 2 polled minutes, the extended one 22.
    expect(stale(1, mon(15 * 60 + 58), mon(16 * 60 + 20))).toBe(false);
    expect(stale(1, mon(15 * 60 + 58), mon(16 * 60 + 20), { extendedHours: true })).toBe(true);
    // Pre-market Tuesday 07:00 with extended hours: the last 10 polled minutes began at 06:50.
    expect(stale(1, tue(6 * 60 + 45), tue(7 * 60) + STALE_GRACE_MS + 1000, { extendedHours: true })).toBe(true);
    expect(stale(1, tue(6 * 60 + 45), tue(7 * 60) + STALE_GRACE_MS + 1000)).toBe(false);
  });

  it('keeps tier 3 fresh until the snapshot that should have reached it is over', () => {
    expect(stale(3, fri(16 * 60 + 30), mon(12 * 60))).toBe(false);
    // Monday's snapshot: close + 1.5 x 100 min + 10 min = 18:40.
    expect(stale(3, fri(16 * 60 + 30), mon(18 * 60 + 39))).toBe(false);
    expect(stale(3, fri(16 * 60 + 30), mon(18 * 60 + 41))).toBe(true);
    expect(stale(3, mon(16 * 60 + 30), tue(12 * 60))).toBe(false);
    // With extended hours the snapshot waits for the end of after hours (20:00): over at 22:40.
    expect(stale(3, fri(16 * 60 + 30), mon(22 * 60 + 39), { extendedHours: true })).toBe(false);
    expect(stale(3, fri(16 * 60 + 30), mon(22 * 60 + 41), { extendedHours: true })).toBe(true);
  });

  it('on a market that never closes it is twice the interval, day or night', () => {
    expect(staleAfterMs(1, sat(3 * 60), input({ alwaysOpen: true }))).toBe(10 * 60_000 + STALE_GRACE_MS / 12);
    expect(staleAfterMs(2, sat(3 * 60), input({ alwaysOpen: true }))).toBe(30 * 60_000 + STALE_GRACE_MS / 12);
  });

  it('remembers an answer for the rest of its second, until cleared', () => {
    let calls = 0;
    const memo = createStaleAfterMemo((tier, now) => {
      calls++;
      return tier * 1000 + (now % 1000);
    });
    expect(memo.get(1, 5_000)).toBe(1000);
    expect(memo.get(1, 5_999)).toBe(1000);
    expect(calls).toBe(1);
    expect(memo.get(1, 6_000)).toBe(1000);
    expect(memo.get(2, 6_000)).toBe(2000);
    expect(calls).toBe(3);
    memo.clear();
    expect(memo.get(1, 5_500)).toBe(1500);
    expect(calls).toBe(4);
  });
});
