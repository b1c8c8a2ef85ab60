import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refreshPlanSchema } from '../../../shared/contract/market';
import type { ProviderId } from '../../../shared/quote';
import type { ProviderCapacity } from '../providers/gateway';
import { parseLimits } from '../providers/limits';
import { DAY_MS, formatInterval, planRefresh, usablePerMinute, type PlanInput } from './planner';

const cap = (id: ProviderId, limits: string, bulkSize = 1, streamSymbolCap = 0): ProviderCapacity => ({
  id,
  limits: parseLimits(limits),
  bulkSize,
  streaming: streamSymbolCap > 0,
  streamSymbolCap,
  pausedUntil: null,
  used: [],
});

const LIVE_ASKS: PlanInput['asks'] = {
  tier1: { intervalMs: 5 * 60_000, size: 150 },
  tier2: { intervalMs: 15 * 60_000, size: 600 },
  tier3: { intervalMs: DAY_MS },
};

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  capacities: [cap('finnhub', '30/s,60/min')],
  universe: 5582,
  pinned: { 1: 9, 2: 0, 3: 0 },
  asks: LIVE_ASKS,
  session: 'regular',
  alwaysOpen: false,
  extendedHours: false,
  ...over,
});

const tier = (plan: ReturnType<typeof planRefresh>, n: 1 | 2 | 3) => {
  const t = plan.tiers.find((x) => x.tier === n);
  if (!t) throw new Error(`no tier ${n}`);
  return t;
};

describe('usable rate', () => {
  it('takes the margin off each window in whole calls and keeps the tightest', () => {
    expect(usablePerMinute(parseLimits('30/s,60/min'), 0.05, 390)).toBe(57);
    expect(usablePerMinute(parseLimits('30/s,300/min'), 0.05, 390)).toBe(285);
    expect(usablePerMinute(parseLimits('75/min'), 0.05, 390)).toBe(71);
    // 1/s cannot lose a whole call: its margin stays a rate (0.95/s).
    expect(usablePerMinute(parseLimits('1/s'), 0.05, 390)).toBeCloseTo(57, 9);
    // A daily allowance is spread over the polling minutes: 23 calls over 6.5 hours.
    expect(usablePerMinute(parseLimits('1/s,25/day'), 0.05, 390)).toBeCloseTo(23 / 390, 9);
  });
});

describe('planner arithmetic', () => {
  it('Finnhub free: keeps tier 1 at 5 min, shrinks tier 2 to what 15 min allows, tier 3 daily', () => {
    const plan = planRefresh(input());
    refreshPlanSchema.parse(plan);
    // 57 usable calls/min; 10% (5.7) reserved for on-demand; 51.3 for the tiers.
    expect(plan.reservePerMinute).toBeCloseTo(5.7, 9);
    expect(tier(plan, 1)).toMatchObject({ symbols: 150, intervalMs: 300_000, callsPerMinute: 30, shrunk: false });
    // (51.3 - 30) calls/min x 15 min = 319.5 -> 319 symbols.
    expect(tier(plan, 2)).toMatchObject({ symbols: 319, intervalMs: 900_000, shrunk: true, stretched: false });
    expect(tier(plan, 2).callsPerMinute).toBeCloseTo(319 / 15, 9);
    expect(tier(plan, 3)).toMatchObject({ symbols: 5582 - 150 - 319, intervalMs: DAY_MS, polling: false });
    expect(plan.headroomPerMinute).toBeCloseTo(51.3 - 30 - 319 / 15, 9);
    expect(plan.headroomPerMinute).toBeGreaterThanOrEqual(0);
    // Scheduled calls pace at 57 less a hold of max(1, 2%) = 1.14: 55.86/min, 93% of the plan.
    expect(plan.pacePerMinute).toBeCloseTo(55.86, 9);
    expect(plan.sparePerMinute).toBeCloseTo(55.86 - 30 - 319 / 15, 9);
    expect(plan.snapshot).toMatchObject({ symbols: 5582, calls: 5582 });
    expect(plan.snapshot.minutes).toBeCloseTo(5582 / 55.86, 6);
    expect(plan.providers[0]).toMatchObject({
      id: 'finnhub',
      label: 'Finnhub free',
      limits: '30/s,60/min',
      limitPerMinute: 60,
      usablePerMinute: 57,
      role: 'primary',
    });
    expect(plan.feasible).toBe(false);
    expect(plan.adjustments).toEqual(['tier 2 shrunk from 600 to 319 symbols to keep 15 min within 57 calls/min']);
    expect(plan.sentence).toBe(
      'Finnhub free: 150 symbols every 5 min, 319 every 15 min, 5,113 daily; spare calls refresh about 276 of them an hour.',
    );
  });

  it('Finnhub premium (300/min): every ask fits, spare calls sweep tier 3 in the session', () => {
    const plan = planRefresh(input({ capacities: [cap('finnhub', '30/s,300/min')] }));
    expect(plan.feasible).toBe(true);
    expect(plan.adjustments).toEqual([]);
    expect(tier(plan, 1)).toMatchObject({ symbols: 150, callsPerMinute: 30 });
    expect(tier(plan, 2)).toMatchObject({ symbols: 600, callsPerMinute: 40 });
    expect(plan.sparePerMinute).toBeCloseTo(285 - 5.7 - 70, 9);
    expect(plan.spareSweepMs).toBe(Math.ceil(((4832 / (285 - 5.7 - 70)) * 60_000) / 1000) * 1000);
    expect(plan.sentence).toMatch(
      /^Finnhub \(30\/s,300\/min\): 150 symbols every 5 min, 600 every 15 min, 4,832 daily/,
    );
  });

  it('Alpha Vantage premium bulk (75/min, 100 a call): a cycle costs ceil(symbols/100) calls', () => {
    const plan = planRefresh(input({ capacities: [cap('alphavantage', '75/min', 100)] }));
    expect(tier(plan, 1).callsPerMinute).toBeCloseTo(2 / 5, 9);
    expect(tier(plan, 2).callsPerMinute).toBeCloseTo(6 / 15, 9);
    expect(plan.snapshot.calls).toBe(56);
    // Spare calls could sweep tier 3 every few seconds; the floor is tier 1's interval.
    expect(plan.spareSweepMs).toBe(300_000);
    expect(plan.feasible).toBe(true);
  });

  it('Alpha Vantage free (25/day): stretches tier 1 over the day and says tier 3 cannot be refreshed', () => {
    const plan = planRefresh(input({ capacities: [cap('alphavantage', '1/s,25/day')] }));
    expect(plan.feasible).toBe(false);
    const t1 = tier(plan, 1);
    expect(t1.symbols).toBe(9);
    expect(t1.stretched).toBe(true);
    // 23 usable calls, 10% reserved: 20.7 calls over 390 minutes for 9 symbols -> ~170 minutes.
    expect(t1.intervalMs).toBe(Math.ceil((9 * 60_000) / ((23 / 390) * 0.9) / 1000) * 1000);
    expect(tier(plan, 2).symbols).toBe(0);
    expect(plan.sparePerMinute).toBe(0);
    expect(plan.adjustments.join(' | ')).toMatch(/tier 3 is not refreshed/);
    expect(plan.sentence).toBe('Alpha Vantage free: 9 symbols every 2 h 50 min, 5,573 not refreshed on this plan.');
  });

  it('shrinks an infeasible tier 1 ask down to what fits, never below the pinned symbols', () => {
    const plan = planRefresh(
      input({ asks: { ...LIVE_ASKS, tier1: { intervalMs: 60_000, size: 1000 } }, pinned: { 1: 20, 2: 0, 3: 0 } }),
    );
    // 51.3 calls a minute at one symbol a call and a 1-minute interval: 51 symbols.
    expect(tier(plan, 1)).toMatchObject({ symbols: 51, intervalMs: 60_000, shrunk: true, stretched: false });
    // The 0.3 calls/min left give tier 2 four symbols at 15 minutes.
    expect(tier(plan, 2).symbols).toBe(4);
    expect(plan.adjustments[0]).toBe('tier 1 shrunk from 1,000 to 51 symbols to keep 1 min within 57 calls/min');
  });

  it('stretches the interval when the pinned symbols alone do not fit', () => {
    const plan = planRefresh(
      input({ asks: { ...LIVE_ASKS, tier1: { intervalMs: 60_000, size: 10 } }, pinned: { 1: 200, 2: 0, 3: 0 } }),
    );
    const t1 = tier(plan, 1);
    expect(t1).toMatchObject({ symbols: 200, pinned: 200, stretched: true });
    expect(t1.intervalMs).toBe(Math.ceil((200 * 60_000) / 51.3 / 1000) * 1000);
    expect(t1.callsPerMinute).toBeLessThanOrEqual(51.3);
    expect(plan.adjustments[0]).toMatch(
      /^tier 1 stretched from 1 min to 3 min 54 s: its 200 pinned symbols need 200 calls a cycle$/,
    );
  });

  it('streaming symbols cost no polling budget: the tier 2 room grows by what tier 1 no longer polls', () => {
    const plan = planRefresh(input({ capacities: [cap('finnhub', '30/s,60/min', 1, 50)] }));
    expect(tier(plan, 1)).toMatchObject({ symbols: 150, streamed: 50, callsPerMinute: 20 });
    expect(tier(plan, 2).symbols).toBe(Math.floor((51.3 - 20) * 15));
    expect(plan.providers[0]?.streamedSymbols).toBe(50);
    expect(plan.sentence).toMatch(/^Finnhub free: 50 symbols streamed live, 100 every 5 min, 469 every 15 min/);
    // A stream bigger than tier 1 carries tier 2 symbols too.
    const big = planRefresh(input({ capacities: [cap('finnhub', '30/s,60/min', 1, 400)] }));
    expect(tier(big, 1)).toMatchObject({ streamed: 150, callsPerMinute: 0 });
    expect(tier(big, 2).streamed).toBe(250);
  });

  it('polls tiers only in the regular session unless extended hours are on', () => {
    const closed = planRefresh(input({ session: 'closed' }));
    expect(closed.tiers.map((t) => t.polling)).toEqual([false, false, false]);
    expect(closed.providers[0]?.plannedPerMinute).toBe(0);
    const pre = planRefresh(input({ session: 'pre' }));
    expect(tier(pre, 1).polling).toBe(false);
    const preExtended = planRefresh(input({ session: 'pre', extendedHours: true }));
    expect(tier(preExtended, 1).polling).toBe(true);
    // With extended hours tiers 1 and 2 keep polling in post, so the snapshot is tier 3 only.
    expect(preExtended.snapshot.symbols).toBe(tier(preExtended, 3).symbols);
    expect(planRefresh(input({ session: 'closed', extendedHours: true })).tiers[0]?.polling).toBe(false);
  });

  it('the simulated feed never closes: short intervals, tier 3 on spare calls with its floor', () => {
    const plan = planRefresh(
      input({
        capacities: [cap('simulated', '10/s', 1000)],
        session: 'closed',
        alwaysOpen: true,
        asks: {
          tier1: { intervalMs: 2000, size: 150 },
          tier2: { intervalMs: 10_000, size: 600 },
          tier3: { intervalMs: 60_000 },
        },
      }),
    );
    expect(plan.tiers.map((t) => t.polling)).toEqual([true, true, true]);
    expect(plan.tiers.map((t) => t.intervalMs)).toEqual([2000, 10_000, 60_000]);
    expect(plan.snapshot.symbols).toBe(0);
    expect(plan.sentence).toBe('Simulated feed: 150 symbols every 2 s, 600 every 10 s, 4,832 every 1 min.');
  });

  it('plans for the first provider and lists the others as fallbacks', () => {
    const plan = planRefresh(input({ capacities: [cap('finnhub', '30/s,60/min'), cap('alphavantage', '1/s,25/day')] }));
    expect(plan.providers.map((p) => [p.id, p.role, p.plannedPerMinute > 0])).toEqual([
      ['finnhub', 'primary', true],
      ['alphavantage', 'fallback', false],
    ]);
  });

  it('says so when there is no provider at all', () => {
    const plan = planRefresh(input({ capacities: [] }));
    expect(plan.tiers.map((t) => t.callsPerMinute)).toEqual([0, 0, 0]);
    expect(plan.sentence).toMatch(/^No provider:/);
  });

  it('never plans the tiers beyond the usable rate less the reserve, for any limits and asks (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          perMin: fc.integer({ min: 1, max: 2000 }),
          bulk: fc.integer({ min: 1, max: 200 }),
          universe: fc.integer({ min: 0, max: 8000 }),
          pinned1: fc.integer({ min: 0, max: 400 }),
          pinned2: fc.integer({ min: 0, max: 400 }),
          size1: fc.integer({ min: 0, max: 3000 }),
          size2: fc.integer({ min: 0, max: 6000 }),
          i1: fc.integer({ min: 1, max: 120 }),
          i2: fc.integer({ min: 1, max: 240 }),
          stream: fc.integer({ min: 0, max: 300 }),
        }),
        (r) => {
          const plan = planRefresh(
            input({
              capacities: [cap('finnhub', `${r.perMin}/min`, r.bulk, r.stream)],
              universe: r.universe,
              pinned: { 1: Math.min(r.pinned1, r.universe), 2: Math.min(r.pinned2, r.universe), 3: 0 },
              asks: {
                tier1: { intervalMs: r.i1 * 60_000, size: r.size1 },
                tier2: { intervalMs: r.i2 * 60_000, size: r.size2 },
                tier3: { intervalMs: DAY_MS },
              },
            }),
          );
          refreshPlanSchema.parse(plan);
          const usable = plan.providers[0]?.usablePerMinute ?? 0;
          const tiersCalls = plan.tiers[0]!.callsPerMinute + plan.tiers[1]!.callsPerMinute;
          expect(tiersCalls).toBeLessThanOrEqual(usable - plan.reservePerMinute + 1e-6);
          expect(plan.tiers.reduce((n, t) => n + t.symbols, 0)).toBe(r.universe);
          expect(plan.tiers[0]!.symbols).toBeGreaterThanOrEqual(Math.min(r.pinned1, r.universe));
          for (const t of plan.tiers) {
            expect(t.intervalMs).toBeGreaterThanOrEqual(t.askedIntervalMs);
            expect(t.streamed).toBeLessThanOrEqual(t.symbols);
          }
          expect(plan.feasible).toBe(plan.adjustments.length === 0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('formatInterval', () => {
  it('writes durations for people', () => {
    expect(formatInterval(2000)).toBe('2 s');
    expect(formatInterval(60_000)).toBe('1 min');
    expect(formatInterval(90_000)).toBe('1 min 30 s');
    expect(formatInterval(900_000)).toBe('15 min');
    expect(formatInterval(3_600_000)).toBe('1 h');
    expect(formatInterval(5_880_000)).toBe('1 h 38 min');
    expect(formatInterval(DAY_MS)).toBe('daily');
  });
});

describe('bulk plans under a tight ask', () => {
  it('stretches the interval but keeps the asked size when the pinned symbols need the same calls', () => {
    // 150 symbols every 100 ms at 1000 a call is 600 calls/min; 9/s allows 486 for the tiers.
    const plan = planRefresh(
      input({
        capacities: [cap('simulated', '10/s', 1000)],
        alwaysOpen: true,
        asks: {
          tier1: { intervalMs: 100, size: 150 },
          tier2: { intervalMs: 10_000, size: 600 },
          tier3: { intervalMs: 60_000 },
        },
      }),
    );
    expect(tier(plan, 1)).toMatchObject({ symbols: 150, intervalMs: 1000, stretched: true, shrunk: false });
  });
});
