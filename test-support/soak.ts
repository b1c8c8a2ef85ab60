// The 24-hour soak: the real engine on a simulated clock with the whole universe on Finnhub free and
// Alpha Vantage free together, API reads all day (handler calls as a spreadsheet makes them, plus
// REST reads on loopback), and what the fakes, the heap and the WAL file say about it.
import fs from 'node:fs';
import path from 'node:path';
import { createMarketClock, nyTime } from '../shared/market';
import { startEngineApi } from '../electron/engine/api/index';
import { createEngine, type Engine } from '../electron/engine/index';
import { createSilentLogger } from '../electron/engine/logger';
import { createMemorySettingsStore } from '../electron/engine/settings-store';
import { tempDir } from './engine';
import { startFakeAlphaVantage } from './fake-alphavantage/index';
import { startFakeFinnhub } from './fake-finnhub/index';
import { rawRequest } from './http';
import { createSimulationClock, settle } from './sim-clock';
import { seedYesterday, universeFiles } from './simulated-day';

export type SoakOptions = {
  /** The New York date the soak starts on (a trading day). */
  date?: string;
  /** New York minutes after midnight when it starts (default 0). */
  startMinute?: number;
  /** How long it runs (default 24 hours). */
  hours?: number;
  /** Quote reads through the handlers per simulated minute (a spreadsheet's refreshes). */
  readsPerMinute?: number;
  /** REST reads on loopback every `restEveryMinutes` simulated minutes (real latency measured). */
  restReads?: number;
  restEveryMinutes?: number;
  /** From 11:00 New York Finnhub answers every request with 502 for this many minutes, so calls fall back to Alpha Vantage. */
  finnhubOutageMinutes?: number;
};

export type SoakResult = {
  date: string;
  start: string;
  hours: number;
  symbols: number;
  plan: string;
  finnhub: { calls: number; violations: number };
  alphavantage: { calls: number; violations: number };
  /** Symbols the fakes served a quote for and the engine stored, since the soak began. */
  refreshedAtLeastOnce: number;
  reads: { handler: number; rest: number; hits: number; misses: number; hitRatio: number };
  restLatencyMs: { p50: number; p99: number; max: number };
  /** Heap after a full GC (MB), sampled every 15 minutes: when warm-up ended, at the end, the largest after warm-up. */
  heapMb: { afterWarmup: number; end: number; max: number; growth: number; samples: number[] };
  wal: { maxMb: number; endMb: number; autocheckpointPages: number };
  wallSeconds: number;
};

const FH_KEY = 'SOAKFINNHUBKEY01';
const AV_KEY = 'SOAKALPHAVANTAGE';
const TOKEN = 'soak-admin-token-0123456789';
const MB = 1024 * 1024;

/** A small seeded generator: the same reads every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export async function runSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the soak measures the heap after a full GC: run node with --expose-gc');
  const started = performance.now();
  const date = options.date ?? '2026-11-23';
  const hours = options.hours ?? 24;
  const readsPerMinute = options.readsPerMinute ?? 20;
  const restReads = options.restReads ?? 5;
  const restEvery = options.restEveryMinutes ?? 10;
  const start = nyTime(date, options.startMinute ?? 0);
  const end = start + hours * 3_600_000;
  // Warm-up: half an hour, and at least the first hour of the regular session (tiers filled, caches hot).
  const warmupEnd = Math.max(start + 30 * 60_000, nyTime(date, 10 * 60 + 30));
  const outageAt = Math.max(start + 10 * 60_000, nyTime(date, 11 * 60));
  const outageEnd = outageAt + (options.finnhubOutageMinutes ?? 10) * 60_000;
  const dataDir = tempDir('quotedesk-soak-');

  // Virtual time moves only when no call is in flight: the manager's own count and the fakes'.
  const busy: { engine?: Engine; fakes: (() => number)[] } = { fakes: [] };
  const quiet = async () => {
    for (let i = 0; i < 10_000; i++) {
      await settle();
      const mine = busy.engine?.gateway.inFlight() ?? 0;
      const theirs = busy.fakes.reduce((n, f) => n + f(), 0);
      if (mine === 0 && theirs === 0) return;
      if (mine > 0 && busy.engine) await busy.engine.gateway.drained();
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const clock = createSimulationClock(start, { quiet });
  // No request log: it would grow all day in this process and blur the heap measurement.
  const fh = await startFakeFinnhub({ clock, keys: [FH_KEY], limits: { perSecond: 30, perMinute: 60 } });
  const av = await startFakeAlphaVantage({
    clock,
    keys: [AV_KEY],
    plan: 'free',
    limits: { perSecond: 1, perDay: 25 },
  });
  busy.fakes.push(
    () => fh.inFlight(),
    () => av.inFlight(),
  );

  const cut = universeFiles(dataDir, 'all');
  const market = createMarketClock();
  await seedYesterday({
    dataDir,
    files: cut.files,
    provider: 'finnhub',
    previousClose: market.previousClose(start),
    seed: 1,
  });
  const engine = createEngine({
    dataDir,
    universeFiles: cut.files,
    settings: createMemorySettingsStore(),
    env: {
      QUOTEDESK_API_TOKEN: TOKEN,
      QUOTEDESK_API_RATE_LIMIT: 'off',
      QUOTEDESK_PROVIDERS: 'finnhub,alphavantage',
      QUOTEDESK_FINNHUB_KEY: FH_KEY,
      QUOTEDESK_FINNHUB_URL: fh.url,
      QUOTEDESK_FINNHUB_WS_URL: fh.wsUrl,
      QUOTEDESK_FINNHUB_LIMITS: '30/s,60/min',
      // Every symbol polled: the budget's worst case (no stream carries any).
      QUOTEDESK_FINNHUB_WS_SYMBOLS: '0',
      QUOTEDESK_ALPHAVANTAGE_KEY: AV_KEY,
      QUOTEDESK_ALPHAVANTAGE_URL: av.url,
      QUOTEDESK_ALPHAVANTAGE_LIMITS: '1/s,25/day',
    },
    clock,
    logger: createSilentLogger(),
  });
  busy.engine = engine;
  const server = await startEngineApi(engine, { port: 0 });
  const symbols = [...cut.symbols];
  const random = rng(7);
  const pick = () => symbols[Math.floor(random() * symbols.length)]!;
  const walFile = path.join(dataDir, 'quotedesk.sqlite-wal');
  const walSize = () => (fs.existsSync(walFile) ? fs.statSync(walFile).size : 0);

  let handlerReads = 0;
  let restCount = 0;
  const latencies: number[] = [];
  const failures: string[] = [];
  const heap: { at: number; mb: number }[] = [];
  let walMax = 0;
  const cacheBefore = engine.status().cache;

  const sampleHeap = () => {
    gc();
    heap.push({ at: clock.now(), mb: process.memoryUsage().heapUsed / MB });
  };

  try {
    await engine.start();
    let pending: Promise<void>[] = [];
    for (let t = start + 60_000, minute = 1; t <= end; t += 60_000, minute++) {
      await clock.runUntil(t);
      // Reads asked during the previous minute have settled by now (a miss waits on the clock).
      await Promise.all(pending);
      pending = [];
      for (let i = 0; i < readsPerMinute; i++) {
        const symbol = pick();
        handlerReads++;
        pending.push(
          Promise.resolve(engine.api.getQuote({ symbol })).then(
            (q) => {
              if (q.symbol !== symbol || !(q.price > 0)) failures.push(`handler ${symbol}: ${JSON.stringify(q)}`);
            },
            (err: unknown) => {
              failures.push(`handler ${symbol}: ${String(err)}`);
            },
          ),
        );
      }
      if (minute % restEvery === 0) {
        for (let i = 0; i < restReads; i++) {
          const symbol = pick();
          const t0 = performance.now();
          const res = await rawRequest(server.port, `/api/v1/tickers/${symbol}/live`, {
            headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN}` },
          });
          latencies.push(performance.now() - t0);
          restCount++;
          if (res.status !== 200) failures.push(`REST ${symbol}: ${res.status} ${res.body}`);
        }
      }
      if (t === outageAt && outageEnd > outageAt) fh.setScenario({ kind: 'status', status: 502 });
      if (t === outageEnd) fh.setScenario({ kind: 'normal' });
      if (minute % 10 === 0) walMax = Math.max(walMax, walSize());
      if (minute % 15 === 0 || t === warmupEnd) sampleHeap();
    }
    await Promise.all(pending);
    walMax = Math.max(walMax, walSize());

    const fhCounters = fh.counters();
    const avCounters = av.counters();
    const served = new Set([...fh.servedSymbols(), ...av.servedSymbols()]);
    const fetchedAt = new Map(
      (
        engine.db.prepare('SELECT symbol, fetched_at FROM quotes').all() as { symbol: string; fetched_at: number }[]
      ).map((r) => [r.symbol, r.fetched_at]),
    );
    const refreshed = symbols.filter((s) => served.has(s) && (fetchedAt.get(s) ?? -Infinity) >= start).length;
    const cache = engine.status().cache;
    const hits = cache.hits - cacheBefore.hits;
    const misses = cache.misses - cacheBefore.misses;
    const afterWarmup = heap.find((h) => h.at >= warmupEnd)?.mb ?? NaN;
    const later = heap.filter((h) => h.at >= warmupEnd).map((h) => h.mb);
    const endMb = heap.at(-1)?.mb ?? NaN;
    if (failures.length > 0) throw new Error(`reads failed: ${failures.slice(0, 5).join('; ')}`);
    return {
      date,
      start: new Date(start).toISOString(),
      hours,
      symbols: symbols.length,
      plan: engine.refresh.scheduler.plan().sentence,
      finnhub: { calls: fhCounters.requests, violations: fhCounters.violations },
      alphavantage: { calls: avCounters.requests, violations: avCounters.violations },
      refreshedAtLeastOnce: refreshed,
      reads: { handler: handlerReads, rest: restCount, hits, misses, hitRatio: hits / Math.max(1, hits + misses) },
      restLatencyMs: {
        p50: round(percentile(latencies, 0.5), 2),
        p99: round(percentile(latencies, 0.99), 2),
        max: round(Math.max(0, ...latencies), 2),
      },
      heapMb: {
        afterWarmup: round(afterWarmup),
        end: round(endMb),
        max: round(Math.max(...later)),
        growth: round((endMb - afterWarmup) / afterWarmup, 4),
        samples: heap.map((h) => round(h.mb)),
      },
      wal: {
        maxMb: round(walMax / MB, 2),
        endMb: round(walSize() / MB, 2),
        autocheckpointPages: Number(engine.db.pragma('wal_autocheckpoint', { simple: true })),
      },
      wallSeconds: round((performance.now() - started) / 1000),
    };
  } finally {
    await server.close();
    await engine.stop();
    await fh.stop();
    await av.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
