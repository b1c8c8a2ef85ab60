import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { nyDate, nyTime, nyWallTime, weekday } from '../../../shared/market';
import { createCountingProvider } from '../../../test-support/counting-provider';
import { createSimWorld, simulatedUniverse } from '../../../test-support/simulated-day';
import { createSilentLogger } from '../logger';
import { createSimulatedProvider } from '../providers/simulated/simulated-provider';
import { ProviderError, type QuoteProvider } from '../providers/types';
import { createSingleProviderGateway } from './single-provider-gateway';
import type { JobRunRow } from './scheduler-repo';

const FINNHUB_FREE = '30/s,60/min';
const hhmm = (t: number) => {
  const w = nyWallTime(t);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};
const runsOf = (runs: JobRunRow[], job: string) => runs.filter((r) => r.job === job);

describe('crash in the middle of the after-close sweep', () => {
  it('resumes the sweep where it stopped after a restart and asks for no symbol twice', async () => {
    const date = '2026-11-23';
    const world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 'all',
      startAt: nyTime(date, 15 * 60 + 55),
    });
    const close = nyTime(date, 16 * 60);
    const a = world.instance;
    a.stack.scheduler.start();
    await world.clock.runUntil(nyTime(date, 16 * 60 + 40));
    const before = world.provider.log().filter((c) => c.ts >= close).length;
    // The sweep is under way: about 40 minutes of 55 calls a minute.
    expect(before).toBeGreaterThan(2000);
    expect(before).toBeLessThan(world.universe.size);
    const lostInFlight = a.stack.scheduler.inFlight();
    a.stack.scheduler.abandon();
    a.db.close();

    // A new process on the same file, a minute later.
    await world.clock.runUntil(nyTime(date, 16 * 60 + 41));
    const b = world.reopen();
    b.stack.scheduler.start();
    await world.clock.runUntil(nyTime(date, 19 * 60));

    const sweep = world.provider.log().filter((c) => c.ts >= close);
    const asked = new Map<string, number>();
    for (const c of sweep) for (const s of c.symbols) asked.set(s, (asked.get(s) ?? 0) + 1);
    const twice = [...asked].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(asked.size).toBe(world.universe.size);
    expect(world.provider.violations()).toBe(0);

    const snapshot = runsOf(b.stack.scheduler.runs(close), 'tier3');
    expect(snapshot).toHaveLength(1);
    expect(snapshot[0]).toMatchObject({ status: 'done', resumed: 1, symbols: world.universe.size, kind: 'scheduled' });
    const refreshed = [...world.universe.keys()].filter((s) => (b.fetchedAt(s) ?? 0) >= close).length;
    expect(refreshed).toBeGreaterThanOrEqual(world.universe.size - lostInFlight);
    await b.stack.scheduler.stop();
    b.db.close();
  });
});

describe('sleep', () => {
  it('an 8-hour sleep catches each tier up at most once, with no burst after the wake', async () => {
    const date = '2026-11-23';
    const world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 800,
      extendedHours: true,
      startAt: nyTime(date, 7 * 60),
    });
    const { scheduler } = world.instance.stack;
    scheduler.start();
    await world.clock.runUntil(nyTime(date, 8 * 60 + 10));
    const before = world.provider.calls();
    expect(before).toBeGreaterThan(0);
    world.clock.suspend(8 * 3_600_000);
    const wake = world.clock.now();
    // Nothing ran while asleep.
    expect(world.provider.calls()).toBe(before);
    await world.clock.runUntil(wake + 60 * 60_000);

    const runs = scheduler.runs(wake);
    for (const job of ['tier1', 'tier2', 'tier3', 'spare']) {
      const inFirstMinute = runsOf(runs, job).filter((r) => r.startedAt < wake + 60_000);
      expect(inFirstMinute.length, job).toBeLessThanOrEqual(1);
      expect(runsOf(runs, job).filter((r) => r.kind === 'catch-up').length, job).toBeLessThanOrEqual(1);
    }
    // Tiers 1 and 2 were due about 8 hours ago: one catch-up each, then the cadence again.
    expect(runsOf(runs, 'tier1').filter((r) => r.kind === 'catch-up')).toHaveLength(1);
    expect(runsOf(runs, 'tier2').filter((r) => r.kind === 'catch-up')).toHaveLength(1);
    const tier1Starts = runsOf(runs, 'tier1').map((r) => r.startedAt);
    for (let i = 1; i < tier1Starts.length; i++) {
      expect((tier1Starts[i] ?? 0) - (tier1Starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(5 * 60_000);
    }
    const firstMinute = world.provider.log().filter((c) => c.ts >= wake && c.ts < wake + 60_000).length;
    expect(firstMinute).toBeLessThanOrEqual(57);
    expect(world.provider.violations()).toBe(0);
    await scheduler.stop();
  });
});

describe('the market clock drives the jobs', () => {
  const replay = async (from: string, days: number) => {
    const world = await createSimWorld({
      date: from,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 60,
      startAt: nyTime(from, 3 * 60),
    });
    const { scheduler } = world.instance.stack;
    scheduler.start();
    await world.clock.runUntil(nyTime(from, 3 * 60) + days * 86_400_000);
    await scheduler.stop();
    return { world, runs: scheduler.runs(0).filter((r) => r.startedAt >= nyTime(from, 3 * 60)) };
  };

  const perDay = (runs: JobRunRow[], job: string) => {
    const m = new Map<string, JobRunRow[]>();
    for (const r of runsOf(runs, job)) m.set(nyDate(r.startedAt), [...(m.get(nyDate(r.startedAt)) ?? []), r]);
    return m;
  };

  for (const [name, from] of [
    ['spring forward (2026-03-08)', '2026-03-06'],
    ['fall back (2026-11-01)', '2026-10-30'],
  ] as const) {
    it(`neither skips nor doubles a job across the ${name}`, async () => {
      const { world, runs } = await replay(from, 5);
      const tier1 = perDay(runs, 'tier1');
      const snapshots = perDay(runs, 'tier3');
      // A fresh database ranks the universe once at start; after that, once after each trading day.
      const start = nyTime(from, 3 * 60);
      expect(runs.filter((r) => r.startedAt === start).map((r) => r.job)).toEqual(['reclassify']);
      const reclass = perDay(
        runs.filter((r) => r.startedAt > start),
        'reclassify',
      );
      const tradingDays = [...new Set(runs.map((r) => nyDate(r.startedAt)))].filter((d) => world.market.day(d).open);
      expect(tradingDays).toHaveLength(3);
      for (const d of tradingDays) {
        const t1 = tier1.get(d) ?? [];
        // 09:30-16:00 every 5 minutes: 78 cycles, the first at 09:30 New York time.
        expect(t1, d).toHaveLength(78);
        expect(hhmm(t1[0]?.startedAt ?? 0), d).toBe('09:30');
        expect(hhmm(t1.at(-1)?.startedAt ?? 0), d).toBe('15:55');
        expect(
          (snapshots.get(d) ?? []).map((r) => hhmm(r.startedAt)),
          d,
        ).toEqual(['16:00']);
        expect(
          (reclass.get(d) ?? []).map((r) => hhmm(r.startedAt)),
          d,
        ).toEqual(['20:00']);
      }
      for (const r of runs) {
        const dow = weekday(nyDate(r.startedAt));
        if (r.job !== 'reclassify') expect(dow === 0 || dow === 6, `${r.job} on a weekend`).toBe(false);
      }
      const weekendCalls = world.provider
        .log()
        .filter((c) => [0, 6].includes(weekday(nyDate(c.ts))) && nyDate(c.ts) !== from);
      expect(weekendCalls).toEqual([]);
      expect(world.provider.violations()).toBe(0);
    });
  }

  it('polls nothing on a holiday and closes early on the day after Thanksgiving', async () => {
    const { world, runs } = await replay('2026-11-25', 5);
    const thanksgiving = world.provider.log().filter((c) => nyDate(c.ts) === '2026-11-26');
    expect(thanksgiving).toEqual([]);
    const friday = runs.filter((r) => nyDate(r.startedAt) === '2026-11-27');
    expect(runsOf(friday, 'tier3').map((r) => hhmm(r.startedAt))).toEqual(['13:00']);
    expect(runsOf(friday, 'tier1').at(-1)?.startedAt).toBeLessThan(nyTime('2026-11-27', 13 * 60));
    expect(runsOf(friday, 'reclassify').map((r) => hhmm(r.startedAt))).toEqual(['17:00']);
    const weekend = world.provider.log().filter((c) => ['2026-11-28', '2026-11-29'].includes(nyDate(c.ts)));
    expect(weekend).toEqual([]);
  });
});

describe('on-demand refreshes', () => {
  it('go before scheduled work, within the reserve, and are refused with a retry time beyond it', async () => {
    const date = '2026-11-23';
    const world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 'all',
      startAt: nyTime(date, 16 * 60 + 5),
    });
    const { scheduler } = world.instance.stack;
    scheduler.start();
    await world.clock.runUntil(nyTime(date, 16 * 60 + 10));
    // The sweep goes in tier order; pick symbols it has not reached.
    const late = [...world.universe.keys()].filter((s) => (world.instance.fetchedAt(s) ?? 0) < nyTime(date, 16 * 60));
    const asked = late.slice(-3);
    const accepted = scheduler.requestRefresh(asked);
    expect(accepted.symbols).toEqual(asked);
    expect(accepted.calls).toBe(3);
    expect(accepted.estimatedDoneAt - world.clock.now()).toBeLessThan(10_000);
    await world.clock.runUntil(world.clock.now() + 5_000);
    const next = world.provider.log().filter((c) => c.ts >= nyTime(date, 16 * 60 + 10));
    expect(next.slice(0, 3).flatMap((c) => c.symbols)).toEqual(asked);
    for (const s of asked) expect(world.instance.fetchedAt(s)).toBeGreaterThanOrEqual(nyTime(date, 16 * 60 + 10));

    // The reserve is 10% of 57 calls a minute; its bucket holds five minutes of it (28 calls).
    scheduler.requestRefresh(late.slice(0, 25));
    let refused: unknown;
    try {
      scheduler.requestRefresh(late.slice(100, 110));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('rate_limited');
    expect((refused as ApiError).retryAfter).toBeGreaterThan(30);
    expect((refused as ApiError).retryAfter).toBeLessThan(200);
    expect(() => scheduler.requestRefresh(late.slice(0, 200))).toThrow(/at most 28 symbols/);
    await world.clock.runUntil(world.clock.now() + 60_000);
    expect(world.provider.violations()).toBe(0);
    await scheduler.stop();
  });
});

describe('tiers', () => {
  it('pins watchlist symbols and index proxies to tier 1; an override beats a pin', async () => {
    const date = '2026-11-23';
    const world = await createSimWorld({ date, provider: 'finnhub', limits: FINNHUB_FREE, symbols: 'all' });
    const { scheduler, tiers, repo } = world.instance.stack;
    scheduler.start();
    await world.clock.runUntil(world.clock.now() + 1000);
    for (const s of [...world.watchlist, 'SPY', 'QQQ', 'DIA', 'IWM']) {
      expect(world.instance.directory.get(s)?.tier, s).toBe(1);
    }
    expect(tiers.members(1)).toHaveLength(150);
    expect(tiers.members(2)).toHaveLength(319);
    repo.setOverrides(['NVDA'], 3, world.clock.now());
    repo.setOverrides(['ZVRA', 'AAPL'], 1, world.clock.now());
    scheduler.replanNow();
    expect(world.instance.directory.get('NVDA')?.tier).toBe(3);
    expect(tiers.reason('NVDA')).toEqual({ tier: 3, reason: 'override' });
    expect(tiers.reason('ZVRA')).toEqual({ tier: 1, reason: 'override' });
    expect(tiers.reason('SPY')).toEqual({ tier: 1, reason: 'pinned' });
    expect(tiers.members(1)).toHaveLength(150);
    expect(tiers.members(1)).toContain('ZVRA');
    await scheduler.stop();
  });
});

describe('weekly profiles', () => {
  it('refresh every profile once on Saturday morning, within the limits, and not again that week', async () => {
    const date = '2026-11-20';
    const world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 300,
      profiles: true,
      startAt: nyTime(date, 17 * 60),
    });
    const { scheduler } = world.instance.stack;
    scheduler.start();
    await world.clock.runUntil(nyTime('2026-11-23', 4 * 60));
    const provider = world.provider as unknown as {
      provider: { log: { ts: number; kind: string; symbols: string[] }[] };
    };
    const profileCalls = provider.provider.log.filter((c) => c.kind === 'profile');
    expect(new Set(profileCalls.flatMap((c) => c.symbols)).size).toBe(world.universe.size);
    expect(profileCalls).toHaveLength(world.universe.size);
    expect(profileCalls.every((c) => nyDate(c.ts) === '2026-11-21')).toBe(true);
    const runs = runsOf(scheduler.runs(0), 'profiles');
    expect(runs.map((r) => [hhmm(r.startedAt), r.status])).toEqual([['06:00', 'done']]);
    expect(world.provider.violations()).toBe(0);
    await scheduler.stop();
  });
});

describe('transient failures', () => {
  it('give the after-close sweep one more try at the end, so a blip does not cost a day', async () => {
    const date = '2026-11-23';
    let n = 0;
    const world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 400,
      startAt: nyTime(date, 15 * 60 + 59),
      makeProvider: ({ clock, universe, limits }) => {
        const walks = simulatedUniverse(universe);
        const inner = createSimulatedProvider({ seed: 1, clock, limits: [], universe: () => walks });
        const counting = createCountingProvider({ id: 'finnhub', limits, bulkSize: 1, clock, inner });
        const flaky: QuoteProvider = {
          ...counting,
          fetchQuotes: (symbols, opts) => {
            n++;
            // Every 25th call meets a 502: the call is spent, no quote comes back.
            if (n % 25 === 0) {
              return counting
                .fetchQuotes(symbols, opts)
                .then(() => Promise.reject(new ProviderError('finnhub', 'server', 'bad gateway', { status: 502 })));
            }
            return counting.fetchQuotes(symbols, opts);
          },
        };
        const gateway = createSingleProviderGateway({ provider: flaky, clock, logger: createSilentLogger() });
        return {
          gateway,
          calls: () => counting.calls(),
          violations: () => counting.violations(),
          log: () => counting.log,
          close: () => gateway.close(),
        };
      },
    });
    const { scheduler } = world.instance.stack;
    scheduler.start();
    await world.clock.runUntil(nyTime(date, 19 * 60));
    const close = nyTime(date, 16 * 60);
    const [run] = runsOf(scheduler.runs(close), 'tier3');
    expect(run?.status).toBe('done');
    expect(run?.failed).toBeGreaterThan(10);
    // Failed symbols were asked again once; second failures (every 25th call) may remain.
    const missing = [...world.universe.keys()].filter((s) => (world.instance.fetchedAt(s) ?? 0) < close);
    expect(missing.length).toBeLessThanOrEqual(1);
    expect(world.provider.violations()).toBe(0);
    await scheduler.stop();
  });
});
