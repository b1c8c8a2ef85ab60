// The scheduler in the real engine, on a simulated clock, against the fake provider servers: what
// the fakes received is the evidence (calls, symbols, violations).
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { nyDate, nyTime, nyWallTime, weekday } from '../../../shared/market';
import type { FakeRequest } from '../../../test-support/fake-common/index';
import { createSimWorld, isQuoteCall, type SimWorld } from '../../../test-support/simulated-day';
import type { JobRunRow } from './scheduler-repo';

const FINNHUB_FREE = '30/s,60/min';
const hhmm = (t: number) => {
  const w = nyWallTime(t);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};
const runsOf = (runs: JobRunRow[], job: string) => runs.filter((r) => r.job === job);
/** Quote calls the fake answered (refused ones are counted as violations, not here). */
const quoteCalls = (world: SimWorld, from = -Infinity, to = Infinity): FakeRequest[] =>
  world.fake.requests().filter((r) => isQuoteCall(r) && r.at >= from && r.at < to);

let world: SimWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('crash in the middle of the after-close sweep', () => {
  it('resumes the sweep where it stopped after a restart and asks for no symbol twice', async () => {
    const date = '2026-11-23';
    const w = (world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 'all',
      startAt: nyTime(date, 15 * 60 + 55),
    }));
    const close = nyTime(date, 16 * 60);
    const a = w.open();
    await a.engine.start();
    await w.clock.runUntil(nyTime(date, 16 * 60 + 40));
    const before = quoteCalls(w, close).length;
    // The sweep is under way: about 40 minutes of 55 calls a minute.
    expect(before).toBeGreaterThan(2000);
    expect(before).toBeLessThan(w.universe.size);
    const lostInFlight = a.engine.refresh.scheduler.inFlight();
    await a.crash();

    // A new process on the same data directory, a minute later.
    await w.clock.runUntil(nyTime(date, 16 * 60 + 41));
    const b = w.open();
    await b.engine.start();
    await w.clock.runUntil(nyTime(date, 19 * 60));

    const asked = new Map<string, number>();
    for (const c of quoteCalls(w, close)) for (const s of c.symbols) asked.set(s, (asked.get(s) ?? 0) + 1);
    expect([...asked].filter(([, n]) => n > 1)).toEqual([]);
    expect(asked.size).toBe(w.universe.size);
    expect(w.fake.counters().violations).toBe(0);

    const snapshot = runsOf(b.engine.refresh.scheduler.runs(close), 'tier3');
    expect(snapshot).toHaveLength(1);
    expect(snapshot[0]).toMatchObject({ status: 'done', resumed: 1, symbols: w.universe.size, kind: 'scheduled' });
    const refreshed = [...w.universe].filter((s) => (b.fetchedAt(s) ?? 0) >= close).length;
    expect(refreshed).toBeGreaterThanOrEqual(w.universe.size - lostInFlight);
  }, 60_000);
});

describe('sleep', () => {
  for (const announced of [true, false]) {
    it(`an 8-hour sleep ${announced ? 'announced by the OS (suspend, resume)' : 'nobody announced'} catches each tier up at most once, with no burst after the wake`, async () => {
      const date = '2026-11-23';
      const w = (world = await createSimWorld({
        date,
        provider: 'finnhub',
        limits: FINNHUB_FREE,
        symbols: 800,
        extendedHours: true,
        startAt: nyTime(date, 7 * 60),
      }));
      const { engine } = w.open();
      await engine.start();
      await w.clock.runUntil(nyTime(date, 8 * 60 + 10));
      const before = w.fake.counters().requests;
      expect(before).toBeGreaterThan(0);
      if (announced) await engine.suspend();
      w.clock.suspend(8 * 3_600_000);
      const wake = w.clock.now();
      // Nothing ran while asleep.
      expect(w.fake.counters().requests).toBe(before);
      if (announced) engine.resume();
      await w.clock.runUntil(wake + 60 * 60_000);

      const runs = engine.refresh.scheduler.runs(wake);
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
      expect(quoteCalls(w, wake, wake + 60_000).length).toBeLessThanOrEqual(57);
      expect(w.fake.counters().violations).toBe(0);
    }, 60_000);
  }
});

describe('the market clock drives the jobs', () => {
  const replay = async (from: string, days: number) => {
    const w = (world = await createSimWorld({
      date: from,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 20,
      startAt: nyTime(from, 3 * 60),
    }));
    const { engine } = w.open();
    await engine.start();
    await w.clock.runUntil(nyTime(from, 3 * 60) + days * 86_400_000);
    return { w, runs: engine.refresh.scheduler.runs(0).filter((r) => r.startedAt >= nyTime(from, 3 * 60)) };
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
      const { w, runs } = await replay(from, 5);
      const tier1 = perDay(runs, 'tier1');
      const snapshots = perDay(runs, 'tier3');
      // A fresh database ranks the universe once at start; after that, once after each trading day.
      const start = nyTime(from, 3 * 60);
      expect(runs.filter((r) => r.startedAt === start).map((r) => r.job)).toEqual(['reclassify']);
      const reclass = perDay(
        runs.filter((r) => r.startedAt > start),
        'reclassify',
      );
      const tradingDays = [...new Set(runs.map((r) => nyDate(r.startedAt)))].filter((d) => w.market.day(d).open);
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
      // The weekend has the weekly profile refresh (Saturday 06:00) and the reclassification only.
      for (const r of runs) {
        const dow = weekday(nyDate(r.startedAt));
        if (r.job !== 'reclassify' && r.job !== 'profiles')
          expect(dow === 0 || dow === 6, `${r.job} on a weekend`).toBe(false);
      }
      expect(runsOf(runs, 'profiles').map((r) => [weekday(nyDate(r.startedAt)), hhmm(r.startedAt)])).toEqual([
        [6, '06:00'],
      ]);
      const weekendQuotes = quoteCalls(w).filter(
        (c) => [0, 6].includes(weekday(nyDate(c.at))) && nyDate(c.at) !== from,
      );
      expect(weekendQuotes).toEqual([]);
      expect(w.fake.counters().violations).toBe(0);
    }, 60_000);
  }

  it('polls nothing on a holiday and closes early on the day after Thanksgiving', async () => {
    const { w, runs } = await replay('2026-11-25', 5);
    expect(quoteCalls(w).filter((c) => nyDate(c.at) === '2026-11-26')).toEqual([]);
    const friday = runs.filter((r) => nyDate(r.startedAt) === '2026-11-27');
    expect(runsOf(friday, 'tier3').map((r) => hhmm(r.startedAt))).toEqual(['13:00']);
    expect(runsOf(friday, 'tier1').at(-1)?.startedAt).toBeLessThan(nyTime('2026-11-27', 13 * 60));
    expect(runsOf(friday, 'reclassify').map((r) => hhmm(r.startedAt))).toEqual(['17:00']);
    const weekend = quoteCalls(w).filter((c) => ['2026-11-28', '2026-11-29'].includes(nyDate(c.at)));
    expect(weekend).toEqual([]);
    expect(w.fake.counters().violations).toBe(0);
  }, 60_000);
});

describe('the Finnhub trade stream', () => {
  it("carries the pinned symbols first; they are polled for the day's first quote, then only by the stream", async () => {
    const date = '2026-11-23';
    const w = (world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 300,
      streamSymbols: 50,
      startAt: nyTime(date, 9 * 60),
    }));
    const app = w.open();
    const { engine } = app;
    await engine.start();
    await w.clock.runUntil(nyTime(date, 9 * 60 + 1));
    const plan = engine.refresh.scheduler.plan();
    expect(plan.tiers[0]?.streamed).toBe(50);
    const streamed = engine.refresh.scheduler.streamedSymbols();
    expect(streamed).toHaveLength(50);
    const pins = [...new Set([...w.watchlist, 'SPY', 'QQQ', 'DIA', 'IWM'])];
    expect(streamed.slice(0, pins.length).sort()).toEqual(pins.sort());
    await w.clock.runUntil(nyTime(date, 10 * 60 + 30));
    const fake = w.fake as unknown as { subscriptions(): string[][] };
    expect(fake.subscriptions()[0]?.sort()).toEqual([...streamed].sort());

    // Yesterday's quote cannot take today's trades: the first cycle polls the streamed symbols too.
    const polled = (s: string, from: number, to: number) =>
      quoteCalls(w, from, to).filter((c) => c.symbols.includes(s)).length;
    const open = nyTime(date, 9 * 60 + 30);
    for (const s of streamed) expect(polled(s, open, open + 5 * 60_000), s).toBe(1);
    // After that the stream keeps them fresh and no call is spent on them.
    for (const s of streamed) expect(polled(s, open + 5 * 60_000, nyTime(date, 10 * 60 + 30)), s).toBe(0);
    const ages = streamed.map((s) => w.clock.now() - (app.fetchedAt(s) ?? 0));
    expect(Math.max(...ages)).toBeLessThan(60_000);
    // The polled part of tier 1 still runs every five minutes.
    const other = engine.refresh.tiers.members(1).find((s) => !streamed.includes(s)) ?? '';
    expect(polled(other, open + 5 * 60_000, nyTime(date, 10 * 60 + 30))).toBe(11);
    expect(w.fake.counters().violations).toBe(0);
  }, 60_000);
});

describe('provider holidays', () => {
  it('are fetched from Finnhub at start and merged into the market clock', async () => {
    const date = '2026-11-23';
    const w = (world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 20,
      startAt: nyTime(date, 8 * 60),
    }));
    const { engine } = w.open();
    await engine.start();
    await w.clock.runUntil(nyTime(date, 8 * 60 + 1));
    expect(w.fake.counters().byEndpoint['/stock/market-holiday']).toBe(1);
    // The fake's list agrees with the NYSE rules: nothing new, nothing lost.
    expect(engine.marketStatus().session).toBe('pre');
    expect(engine.refresh.market.day('2026-11-26').open).toBe(false);
    // Not again within the day.
    await w.clock.runUntil(nyTime(date, 20 * 60));
    expect(w.fake.counters().byEndpoint['/stock/market-holiday']).toBe(1);
    await w.clock.runUntil(nyTime(date, 32 * 60 + 5));
    expect(w.fake.counters().byEndpoint['/stock/market-holiday']).toBe(2);
  }, 60_000);
});

describe('on-demand refreshes', () => {
  it('go before scheduled work, within the reserve, and are refused with a retry time beyond it', async () => {
    const date = '2026-11-23';
    const w = (world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 'all',
      startAt: nyTime(date, 16 * 60 + 5),
    }));
    const app = w.open();
    const { engine } = app;
    await engine.start();
    await w.clock.runUntil(nyTime(date, 16 * 60 + 10));
    // The sweep goes in tier order; pick symbols it has not reached.
    const late = [...w.universe].filter((s) => (app.fetchedAt(s) ?? 0) < nyTime(date, 16 * 60));
    const asked = late.slice(-3);
    const accepted = await engine.api.refreshMarketData({ symbols: asked });
    expect(accepted.symbols).toEqual(asked);
    expect(accepted.calls).toBe(3);
    expect(Date.parse(accepted.estimatedDoneAt) - w.clock.now()).toBeLessThan(10_000);
    const askedAt = w.clock.now();
    await w.clock.runUntil(askedAt + 5_000);
    expect(
      quoteCalls(w, askedAt)
        .slice(0, 3)
        .flatMap((c) => c.symbols),
    ).toEqual(asked);
    for (const s of asked) expect(app.fetchedAt(s)).toBeGreaterThanOrEqual(askedAt);

    // The reserve is 10% of 57 calls a minute; its bucket holds five minutes of it (28 calls).
    const refresh = async (symbols: string[]) => engine.api.refreshMarketData({ symbols });
    await refresh(late.slice(0, 25));
    const refused = await refresh(late.slice(100, 110)).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('rate_limited');
    expect((refused as ApiError).retryAfter).toBeGreaterThan(30);
    expect((refused as ApiError).retryAfter).toBeLessThan(200);
    await expect(refresh(late.slice(0, 200))).rejects.toThrow(/at most 28 symbols/);
    await w.clock.runUntil(w.clock.now() + 60_000);
    expect(w.fake.counters().violations).toBe(0);
  }, 60_000);
});

describe('tiers', () => {
  it('pins watchlist, portfolio and index-proxy symbols to tier 1; an override beats a pin', async () => {
    const date = '2026-11-23';
    const w = (world = await createSimWorld({ date, provider: 'finnhub', limits: FINNHUB_FREE, symbols: 'all' }));
    const { engine } = w.open();
    await engine.start();
    await engine.api.createPortfolio({ name: 'Long', holdings: [{ symbol: 'ZVRA', shares: 10, costBasis: 50 }] });
    await w.clock.runUntil(w.clock.now() + 1000);
    const { tiers } = engine.refresh;
    for (const s of [...w.watchlist, 'SPY', 'QQQ', 'DIA', 'IWM', 'ZVRA']) {
      expect(tiers.reason(s), s).toEqual({ tier: 1, reason: 'pinned' });
    }
    expect(tiers.members(1)).toHaveLength(150);
    expect(tiers.members(2)).toHaveLength(319);
    await engine.api.setOverrides({ symbols: ['NVDA'], tier: 3 });
    await engine.api.setOverrides({ symbols: ['AAPL'], tier: 1 });
    expect(tiers.reason('NVDA')).toEqual({ tier: 3, reason: 'override' });
    expect(tiers.reason('AAPL')).toEqual({ tier: 1, reason: 'override' });
    expect(tiers.reason('SPY')).toEqual({ tier: 1, reason: 'pinned' });
    expect(tiers.members(1)).toHaveLength(150);
    expect(tiers.members(3)).toContain('NVDA');
  });
});

describe('weekly profiles', () => {
  it('refresh every profile once on Saturday morning, within the limits, and not again that week', async () => {
    const date = '2026-11-20';
    const w = (world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 300,
      startAt: nyTime(date, 17 * 60),
    }));
    const { engine } = w.open();
    await engine.start();
    await w.clock.runUntil(nyTime('2026-11-23', 4 * 60));
    const profileCalls = w.fake.requests().filter((r) => r.endpoint === '/stock/profile2');
    expect(new Set(profileCalls.flatMap((c) => c.symbols)).size).toBe(w.universe.size);
    expect(profileCalls).toHaveLength(w.universe.size);
    expect(profileCalls.every((c) => nyDate(c.at) === '2026-11-21')).toBe(true);
    const runs = runsOf(engine.refresh.scheduler.runs(0), 'profiles');
    expect(runs.map((r) => [hhmm(r.startedAt), r.status])).toEqual([['06:00', 'done']]);
    // Shares outstanding are stored (market caps follow every later price) and recorded.
    const recorded = engine.db
      .prepare("SELECT COUNT(*) AS n FROM profile_refresh WHERE source = 'finnhub' AND outcome = 'ok'")
      .get() as { n: number };
    expect(recorded.n).toBeGreaterThan(w.universe.size * 0.9);
    const aapl = engine.db.prepare("SELECT shares_outstanding AS s FROM symbols WHERE symbol = 'AAPL'").get() as {
      s: number;
    };
    expect(aapl.s).toBeGreaterThan(1e9);
    expect(w.fake.counters().violations).toBe(0);
  }, 60_000);

  it('are never fetched on a plan with a daily cap (Alpha Vantage free)', async () => {
    const date = '2026-11-20';
    const w = (world = await createSimWorld({
      date,
      provider: 'alphavantage',
      limits: '1/s,25/day',
      symbols: 20,
      startAt: nyTime(date, 17 * 60),
    }));
    const { engine } = w.open();
    await engine.start();
    await w.clock.runUntil(nyTime('2026-11-22', 12 * 60));
    expect(w.fake.counters().byEndpoint.OVERVIEW ?? 0).toBe(0);
    expect(engine.refresh.scheduler.status().jobs.map((j) => j.name)).not.toContain('profiles');
    expect(w.fake.counters().violations).toBe(0);
  }, 60_000);
});

describe('transient failures', () => {
  it('give the after-close sweep one more try at the end, so a blip does not cost a day', async () => {
    const date = '2026-11-23';
    const w = (world = await createSimWorld({
      date,
      provider: 'finnhub',
      limits: FINNHUB_FREE,
      symbols: 400,
      startAt: nyTime(date, 15 * 60 + 59),
    }));
    const app = w.open();
    await app.engine.start();
    await w.clock.runUntil(nyTime(date, 16 * 60 + 2));
    // A burst of 502s: retries fail too, the breaker opens, the symbols of those calls fail.
    w.fake.setScenario({ kind: 'status', status: 502 }, { times: 15, endpoint: '/quote' });
    await w.clock.runUntil(nyTime(date, 19 * 60));
    const close = nyTime(date, 16 * 60);
    const [run] = runsOf(app.engine.refresh.scheduler.runs(close), 'tier3');
    expect(run?.status).toBe('done');
    expect(run?.failed).toBeGreaterThan(0);
    // Failed symbols were asked again once, at the end of the sweep.
    const missing = [...w.universe].filter((s) => (app.fetchedAt(s) ?? 0) < close);
    expect(missing).toEqual([]);
    expect(w.fake.counters().violations).toBe(0);
  }, 60_000);
});
