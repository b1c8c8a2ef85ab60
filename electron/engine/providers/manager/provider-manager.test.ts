import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test-support/engine';
import { startFakeAlphaVantage, type FakeAlphaVantage } from '../../../../test-support/fake-alphavantage/index';
import { startFakeFinnhub, type FakeFinnhub } from '../../../../test-support/fake-finnhub/index';
import { runClock, runUntilSettled } from '../../../../test-support/wait';
import { createManualClock, sleep, type ManualClock } from '../../clock';
import { createSilentLogger } from '../../logger';
import { openDatabase, type Db } from '../../store/db';
import { migrate } from '../../store/migrate';
import { migrations } from '../../store/migrations/index';
import { createAlphaVantageProvider } from '../alphavantage/alphavantage-provider';
import { createFinnhubProvider } from '../finnhub/finnhub-provider';
import type { FetchPriority } from '../gateway';
import { parseLimits } from '../limits';
import { createProviderManager, type ProviderEntry, type ProviderManager } from './provider-manager';
import { createUsageRepo, keyIdOf } from './usage-repo';

// Thursday 2025-11-06 10:00 New York.
const T0 = Date.parse('2025-11-06T15:00:00Z');
const FH_KEY = 'fh-test-key';
const AV_KEY = 'AVTESTKEY0000001';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function openDb(file = path.join(tempDir(), 'q.sqlite')): Db {
  const db = openDatabase(file);
  migrate(db, migrations);
  cleanups.push(() => {
    db.close();
  });
  return db;
}

async function fakeFinnhub(clock: ManualClock): Promise<FakeFinnhub> {
  const f = await startFakeFinnhub({ clock });
  cleanups.push(() => f.stop());
  return f;
}

async function fakeAv(clock: ManualClock): Promise<FakeAlphaVantage> {
  const f = await startFakeAlphaVantage({ clock });
  cleanups.push(() => f.stop());
  return f;
}

function finnhubEntry(clock: ManualClock, fake: FakeFinnhub, limits = '30/s,60/min'): ProviderEntry {
  return {
    provider: createFinnhubProvider({ key: FH_KEY, url: fake.url, limits: parseLimits(limits), clock, fetch }),
    keyId: keyIdOf(FH_KEY),
    streamSymbolCap: 50,
  };
}

function avEntry(clock: ManualClock, fake: FakeAlphaVantage): ProviderEntry {
  return {
    provider: createAlphaVantageProvider({
      key: AV_KEY,
      url: fake.url,
      limits: parseLimits('1/s,25/day'),
      clock,
      fetch,
    }),
    keyId: keyIdOf(AV_KEY),
  };
}

function manager(clock: ManualClock, db: Db, entries: ProviderEntry[]): ProviderManager {
  const m = createProviderManager({ clock, logger: createSilentLogger(), usage: createUsageRepo(db) });
  m.setProviders(entries);
  cleanups.push(() => m.close());
  return m;
}

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'IBM', 'SPY', 'QQQ', 'JPM', 'XOM'];
const PRIORITIES: FetchPriority[] = ['on-demand', 'tier1', 'tier2', 'tier3'];

/** Callers that always want more than the plan allows, until `until`. */
function fullDemand(m: ProviderManager, clock: ManualClock, until: number, workers = 6, batch = 5) {
  let fetched = 0;
  const runs = Array.from({ length: workers }, async (_, w) => {
    let i = w;
    while (clock.now() < until) {
      const symbols = Array.from({ length: batch }, () => SYMBOLS[i++ % SYMBOLS.length]!);
      const r = await m.fetchQuotes(symbols, PRIORITIES[w % PRIORITIES.length]!);
      fetched += r.quotes.length;
      // A provider that cannot serve answers at once: do not spin, ask again a second later.
      if (r.quotes.length === 0) await sleep(clock, 1000);
    }
  });
  return { done: Promise.all(runs), fetched: () => fetched };
}

function inWindow(times: number[], from: number, to: number): number {
  return times.filter((t) => t >= from && t < to).length;
}

describe('provider manager against the fake servers, on a simulated clock', () => {
  it('30 simulated minutes of full demand on a free Finnhub plan: no violation, >= 90% of the budget used', async () => {
    const clock = createManualClock(T0);
    const fake = await fakeFinnhub(clock);
    const m = manager(clock, openDb(), [finnhubEntry(clock, fake)]);
    const end = T0 + 30 * 60_000;
    const demand = fullDemand(m, clock, end);
    await runClock(clock, end, () => m.inFlight() > 0 || fake.inFlight() > 0, 100);
    m.close();
    // Callers asleep between rounds wake up past the end and stop.
    await clock.advance(5000);
    await demand.done;
    const calls = inWindow(fake.requestTimes(FH_KEY), T0, end);
    const allowed = 60 * 30;
    expect(fake.counters().violations).toBe(0);
    expect(fake.counters().refusals).toBe(0);
    expect(calls / allowed).toBeGreaterThanOrEqual(0.9);
    expect(calls).toBeLessThanOrEqual(allowed);
    expect(demand.fetched()).toBeGreaterThanOrEqual(calls - 5);
    process.stdout.write(
      `[measure] finnhub free 30 min: ${calls}/${allowed} calls (${((100 * calls) / allowed).toFixed(1)}%), violations ${fake.counters().violations}\n`,
    );
  }, 120_000);

  it('stays inside every window when calls take random time to reach the provider and to come back', async () => {
    const clock = createManualClock(T0);
    const fake = await fakeFinnhub(clock);
    // Up to 1.5 s each way, on the simulated clock; real I/O is counted apart for the clock driver.
    let realPending = 0;
    const slowFetch: typeof fetch = async (input, init) => {
      await sleep(clock, Math.floor(Math.random() * 1500));
      realPending++;
      const res = await fetch(input, init).finally(() => realPending--);
      const body = await res.text();
      await sleep(clock, Math.floor(Math.random() * 1500));
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const entry: ProviderEntry = {
      provider: createFinnhubProvider({
        key: FH_KEY,
        url: fake.url,
        limits: parseLimits('30/s,60/min'),
        clock,
        fetch: slowFetch,
      }),
      keyId: keyIdOf(FH_KEY),
    };
    const m = manager(clock, openDb(), [entry]);
    const end = T0 + 10 * 60_000;
    const demand = fullDemand(m, clock, end);
    await runClock(clock, end, () => realPending > 0 || fake.inFlight() > 0, 50);
    m.close();
    await clock.advance(5000);
    await demand.done;
    const calls = inWindow(fake.requestTimes(FH_KEY), T0, end);
    expect(fake.counters().violations).toBe(0);
    expect(calls / 600).toBeGreaterThanOrEqual(0.9);
    process.stdout.write(
      `[measure] finnhub free 10 min, 0-3 s latency: ${calls}/600 calls (${((100 * calls) / 600).toFixed(1)}%), violations ${fake.counters().violations}\n`,
    );
  }, 120_000);

  it('holds Alpha Vantage to 25 calls a day across a restart, and resumes after the day turns', async () => {
    const clock = createManualClock(T0);
    const fake = await fakeAv(clock);
    const file = path.join(tempDir(), 'restart.sqlite');
    const db1 = openDatabase(file);
    migrate(db1, migrations);
    const first = createProviderManager({ clock, logger: createSilentLogger(), usage: createUsageRepo(db1) });
    first.setProviders([avEntry(clock, fake)]);
    // Ten calls, one at a time, then the app quits.
    for (let i = 0; i < 10; i++) {
      const p = first.fetchQuotes([SYMBOLS[i]!], 'tier1');
      await runClock(clock, clock.now() + 1500, () => first.inFlight() > 0 || fake.inFlight() > 0);
      expect((await p).quotes).toHaveLength(1);
    }
    first.close();
    db1.close();

    const second = manager(clock, openDb(file), [avEntry(clock, fake)]);
    expect(second.providers()[0]?.usage.find((u) => u.window.unit === 'day')?.used).toBe(10);
    const until = T0 + 2 * 3_600_000;
    const demand = fullDemand(second, clock, until, 3, 1);
    await runClock(clock, until, () => second.inFlight() > 0 || fake.inFlight() > 0, 250);
    expect(fake.usedToday(AV_KEY)).toBe(25);
    expect(fake.counters().violations).toBe(0);
    const state = second.providers()[0];
    expect(state?.state).toBe('paused');
    expect(state?.reason).toMatch(/25\/day allowance is spent/);
    expect(second.nextSlotIn('on-demand')).toBeGreaterThan(3_600_000);

    // After New York midnight (and the margin) calls go out again.
    const nextDay = Date.parse('2025-11-07T05:02:00Z');
    await runClock(clock, nextDay + 60_000, () => second.inFlight() > 0 || fake.inFlight() > 0, 30_000);
    second.close();
    await clock.advance(5000);
    await demand.done;
    const r = second.fetchQuotes(['IBM'], 'on-demand');
    expect((await r).failed).toEqual(['IBM']);
    expect(inWindow(fake.requestTimes(AV_KEY), T0, nextDay)).toBe(25);
    expect(fake.counters().violations).toBe(0);
  }, 120_000);

  it('falls back to Finnhub when Alpha Vantage says its daily limit is reached, and never asks AV again that day', async () => {
    const clock = createManualClock(T0);
    const av = await fakeAv(clock);
    const fh = await fakeFinnhub(clock);
    av.setScenario({ kind: 'daily-limit' });
    const file = path.join(tempDir(), 'fallback.sqlite');
    const m = manager(clock, openDb(file), [avEntry(clock, av), finnhubEntry(clock, fh)]);
    const first = await m.fetchQuotes(['IBM'], 'on-demand');
    expect(first.quotes.map((q) => [q.symbol, q.source])).toEqual([['IBM', 'finnhub']]);
    expect(av.counters().requests).toBe(1);
    const [avState] = m.providers();
    expect(avState?.state).toBe('paused');
    expect(avState?.reason).toMatch(/^daily limit reached, resets at 2025-11-07T05:01:00/);
    expect(avState?.reason).not.toContain(AV_KEY);

    await runClock(clock, clock.now() + 5 * 60_000, () => m.inFlight() > 0, 1000);
    const later = await m.fetchQuotes(['MSFT', 'AAPL'], 'tier1');
    expect(later.quotes.every((q) => q.source === 'finnhub')).toBe(true);
    expect(av.counters().requests).toBe(1);

    // The pause is kept in SQLite: a restart does not earn a second refusal either.
    m.close();
    const again = manager(clock, openDb(file), [avEntry(clock, av), finnhubEntry(clock, fh)]);
    expect((await again.fetchQuotes(['NVDA'], 'on-demand')).quotes[0]?.source).toBe('finnhub');
    expect(av.counters().requests).toBe(1);
    expect(av.counters().refusals).toBe(1);
  });

  it('pauses after a 429 until the minute window is over, so the next call is not refused', async () => {
    const clock = createManualClock(T0);
    const fh = await fakeFinnhub(clock);
    fh.setScenario({ kind: 'rate-limit' }, { times: 1 });
    const m = manager(clock, openDb(), [finnhubEntry(clock, fh)]);
    expect((await m.fetchQuotes(['AAPL'], 'tier1')).failed).toEqual(['AAPL']);
    expect(m.providers()[0]?.pausedUntil).toBe(T0 + 60_000);
    await clock.advance(59_000);
    expect((await m.fetchQuotes(['AAPL'], 'tier1')).failed).toEqual(['AAPL']);
    expect(fh.counters().requests).toBe(1);
    await clock.advance(1_000);
    expect((await m.fetchQuotes(['AAPL'], 'tier1')).quotes).toHaveLength(1);
    expect(fh.counters().refusals).toBe(1);
  });

  it('opens the breaker on repeated 5xx (retrying with backoff), falls back, and closes it after a good probe', async () => {
    const clock = createManualClock(T0);
    const fh = await fakeFinnhub(clock);
    const av = await fakeAv(clock);
    fh.setScenario({ kind: 'status', status: 503 });
    const m = manager(clock, openDb(), [finnhubEntry(clock, fh), avEntry(clock, av)]);
    const busy = () => m.inFlight() > 0 || fh.inFlight() > 0 || av.inFlight() > 0;
    // One call and two retries with backoff, then Alpha Vantage serves the symbol.
    const first = await runUntilSettled(clock, m.fetchQuotes(['AAPL'], 'tier1'), busy, 200);
    expect(fh.counters().requests).toBe(3);
    expect(first.quotes.map((q) => q.source)).toEqual(['alphavantage']);
    expect(m.providers()[0]?.breaker).toBe('closed');
    // The fifth failure in a row opens the circuit: no third try for this symbol.
    const second = await runUntilSettled(clock, m.fetchQuotes(['MSFT'], 'tier1'), busy, 200);
    expect(fh.counters().requests).toBe(5);
    expect(m.providers()[0]?.breaker).toBe('open');
    expect(second.quotes.map((q) => q.source)).toEqual(['alphavantage']);
    const during = await runUntilSettled(clock, m.fetchQuotes(['IBM'], 'tier1'), busy, 200);
    expect(fh.counters().requests).toBe(5);
    expect(during.quotes[0]?.source).toBe('alphavantage');

    fh.setScenario({ kind: 'normal' });
    const openUntil = m.providers()[0]?.pausedUntil ?? 0;
    await runClock(clock, openUntil + 1, busy, 1000);
    expect(m.providers()[0]?.breaker).toBe('half-open');
    const probe = await m.fetchQuotes(['NVDA'], 'tier1');
    expect(probe.quotes[0]?.source).toBe('finnhub');
    expect(m.providers()[0]?.breaker).toBe('closed');
    expect(fh.counters().requests).toBe(6);
  }, 60_000);

  it('serves a higher priority first when the window is full', async () => {
    const clock = createManualClock(T0);
    const fh = await fakeFinnhub(clock);
    const m = manager(clock, openDb(), [finnhubEntry(clock, fh, '1/s')]);
    const order: string[] = [];
    const track = (s: string, p: FetchPriority) =>
      m.fetchQuotes([s], p).then((r) => r.quotes.forEach((q) => order.push(q.symbol)));
    const all = [track('AAPL', 'tier3'), track('MSFT', 'tier3'), track('NVDA', 'tier2'), track('IBM', 'on-demand')];
    await runClock(clock, T0 + 5000, () => m.inFlight() > 0 || fh.inFlight() > 0, 100);
    await Promise.all(all);
    // AAPL left at once; then on-demand, tier 2, and the last tier-3 call.
    expect(order).toEqual(['AAPL', 'IBM', 'NVDA', 'MSFT']);
    expect(m.nextSlotIn('on-demand')).toBeLessThanOrEqual(1000);
  });

  it('records every call in api_usage with endpoint, symbols, status and latency', async () => {
    const clock = createManualClock(T0);
    const fh = await fakeFinnhub(clock);
    const db = openDb();
    const m = manager(clock, db, [finnhubEntry(clock, fh)]);
    fh.setScenario({ kind: 'premium' }, { times: 1 });
    await m.fetchQuotes(['AAPL'], 'tier1');
    await m.fetchQuotes(['MSFT', 'NOPE'], 'tier2');
    const rows = createUsageRepo(db).recent(10);
    expect(rows.map((r) => [r.endpoint, r.symbols.join(','), r.status, r.errorKind])).toEqual([
      ['/quote', 'NOPE', 'ok', null],
      ['/quote', 'MSFT', 'ok', null],
      ['/quote', 'AAPL', 'error', 'premium'],
    ]);
    expect(rows.every((r) => r.latencyMs !== null && r.cost === 1 && r.finishedAt !== null)).toBe(true);
    const result = await m.fetchQuotes(['NOPE'], 'tier1');
    expect(result).toEqual({ quotes: [], unknown: ['NOPE'], failed: [] });
  });
});
