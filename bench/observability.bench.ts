// The cost of observability: log lines, /metrics scrapes, instrumented ingest and provider-call hooks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createSystemClock } from '../electron/engine/clock';
import { createEventHub } from '../electron/engine/events';
import { createSilentLogger } from '../electron/engine/logger';
import { createMetrics } from '../electron/engine/metrics';
import { createAppLogger } from '../electron/engine/observability/app-logger';
import { createHealthMonitor } from '../electron/engine/observability/health-monitor';
import { instrumentEvents, instrumentIngest, instrumentRepo } from '../electron/engine/observability/instrument';
import { createLogRing } from '../electron/engine/observability/log-ring';
import type { ProviderQuote } from '../electron/engine/providers/types';
import { createQuoteCache } from '../electron/engine/quote-cache';
import { createQuoteService } from '../electron/engine/quote-service';
import { openDatabase } from '../electron/engine/store/db';
import { migrate } from '../electron/engine/store/migrate';
import { migrations } from '../electron/engine/store/migrations/index';
import { createQuotesRepo } from '../electron/engine/store/quotes-repo';
import { createSymbolsRepo, type SymbolRow } from '../electron/engine/store/symbols-repo';
import { loadUniverse } from '../electron/engine/universe';
import { UNIVERSE_FILES } from '../test-support/engine';
import type { BenchResult } from './harness';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'qd-bench-obs-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Microseconds per line: the app logger (redaction, rotating file, ring) vs pino to a sync file. */
function logLines(): BenchResult {
  const N = 20_000;
  const fields = {
    provider: 'finnhub',
    endpoint: '/quote',
    kind: 'timeout',
    err: 'https://finnhub.io/api/v1/quote?symbol=AAPL&token=abcdef123456',
  };
  const dirA = tmp();
  const app = createAppLogger({ logsDir: dirA, maxBytes: 5 * 1024 * 1024 });
  app.redact.setSecrets(() => ['abcdef123456', 'admin-token-for-the-bench-0123456789']);
  const dirB = tmp();
  const plain = pino({ level: 'info' }, pino.destination({ dest: path.join(dirB, 'plain.log'), sync: true }));
  const run = (log: (i: number) => void) => {
    for (let i = 0; i < 1000; i++) log(i);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) log(i);
    return ((performance.now() - t0) * 1000) / N;
  };
  const ours = run((i) => app.logger.warn({ ...fields, i }, 'provider call failed'));
  const base = run((i) => plain.warn({ ...fields, i }, 'provider call failed'));
  app.close();
  return {
    name: 'warn line: redacted, rotating file + ring',
    metric: 'time per line',
    unit: 'µs',
    value: ours,
    baseline: { name: 'pino to a sync file, no redaction', value: base },
    higherIsBetter: false,
  };
}

/** /metrics render with every quotedesk_* metric and real series vs the process metrics alone. */
async function scrape(): Promise<BenchResult[]> {
  const clock = createSystemClock();
  const metrics = createMetrics();
  const monitor = createHealthMonitor({
    clock,
    metrics,
    ring: createLogRing(),
    providers: () => [
      {
        id: 'finnhub',
        keyId: 'k',
        state: 'ok',
        breaker: 'closed',
        pausedUntil: null,
        pauseKind: null,
        reason: null,
        limits: [],
        usage: [
          { window: { limit: 30, windowMs: 1000, unit: 's' }, used: 3, resetsAt: null },
          { window: { limit: 60, windowMs: 60_000, unit: 'min' }, used: 40, resetsAt: null },
        ],
        inFlight: 0,
        queued: 0,
      },
    ],
    cache: () => ({ size: 5578, hits: 9000, misses: 100, hitRatio: 0.99 }),
    startedAt: clock.now(),
  });
  monitor.start();
  for (let i = 0; i < 2000; i++) {
    monitor.onProviderCall({
      provider: 'finnhub',
      endpoint: '/quote',
      outcome: i % 50 ? 'ok' : 'error',
      kind: i % 50 ? null : 'timeout',
      durationMs: 80 + (i % 300),
    });
    monitor.onBatch(1, 0.2, 0.05);
    monitor.observeSqlite('usage_write', 0.05);
  }
  const baseMetrics = createMetrics();
  const time = async (m: typeof metrics) => {
    for (let i = 0; i < 20; i++) await m.render();
    const xs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await m.render();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  const ours = await time(metrics);
  const base = await time(baseMetrics);
  const bytes = (await metrics.render()).body.length;
  const summaryXs: number[] = [];
  for (let i = 0; i < 360; i++) monitor.sample();
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    JSON.stringify(monitor.summary({ logLimit: 200 }));
    summaryXs.push(performance.now() - t0);
  }
  monitor.stop();
  return [
    {
      name: `/metrics render (${Math.round(bytes / 1024)} KB)`,
      metric: 'median time',
      unit: 'ms',
      value: ours,
      baseline: { name: 'process metrics only', value: base },
      higherIsBetter: false,
    },
    {
      name: 'health summary, full hour (360 samples), serialised',
      metric: 'median time',
      unit: 'ms',
      value: median(summaryXs),
      baseline: { name: '/metrics render', value: ours },
      higherIsBetter: false,
    },
  ];
}

/** A 5,578-quote batch through the quote service, instrumented (as the engine runs it) vs bare. */
function ingest(): BenchResult {
  const clock = createSystemClock();
  const build = (instrumented: boolean) => {
    const db = openDatabase(path.join(tmp(), 'q.sqlite'));
    migrate(db, migrations);
    const symbols = createSymbolsRepo(db);
    loadUniverse(db, symbols, UNIVERSE_FILES, clock.now());
    const directory = new Map<string, SymbolRow>(symbols.all().map((s) => [s.symbol, s]));
    const monitor = createHealthMonitor({
      clock,
      metrics: createMetrics({ processMetrics: false }),
      ring: createLogRing(),
      providers: () => [],
      cache: () => ({ size: 0, hits: 0, misses: 0, hitRatio: 0 }),
      startedAt: clock.now(),
    });
    const hub = createEventHub(() => undefined);
    const timed = instrumentEvents(hub);
    const events = instrumented ? timed : hub;
    const repo = createQuotesRepo(db);
    const service = createQuoteService({
      clock,
      logger: createSilentLogger(),
      events,
      cache: createQuoteCache(),
      quotes: instrumented
        ? instrumentRepo(repo, { write: 'quote_batch_write' }, (op, fn) => monitor.timeSqlite(op, fn))
        : repo,
      symbols: () => directory,
    });
    events.on('quote', () => undefined);
    if (instrumented) instrumentIngest(service, timed, (n, s, p) => monitor.onBatch(n, s, p));
    return { service, directory, db };
  };
  const measure = (instrumented: boolean) => {
    const { service, directory, db } = build(instrumented);
    const syms = [...directory.values()].slice(0, 5578);
    const xs: number[] = [];
    for (let round = 0; round < 20; round++) {
      const asOf = Date.now() + round * 61_000;
      const batch: ProviderQuote[] = syms.map((s) => ({
        symbol: s.symbol,
        price: (s.refPrice ?? 10) * (1 + round / 1000),
        change: 0.1,
        changePercent: 0.1,
        open: null,
        high: null,
        low: null,
        previousClose: s.refPrice ?? 10,
        volume: 1000 + round,
        asOf,
      }));
      const t0 = performance.now();
      service.ingest('simulated', batch);
      if (round >= 2) xs.push(performance.now() - t0);
    }
    db.close();
    return median(xs);
  };
  // Alternated, three times each: the first build of a process warms the JIT for both.
  const bases: number[] = [];
  const ourss: number[] = [];
  for (let i = 0; i < 3; i++) {
    bases.push(measure(false));
    ourss.push(measure(true));
  }
  const base = median(bases);
  const ours = median(ourss);
  return {
    name: 'ingest of a 5,578-quote batch, timed (store, push, SQLite)',
    metric: 'median time',
    unit: 'ms',
    value: ours,
    baseline: { name: 'the same ingest without the timers', value: base },
    higherIsBetter: false,
  };
}

export async function bench(): Promise<BenchResult[]> {
  return [logLines(), ...(await scrape()), ingest()];
}
