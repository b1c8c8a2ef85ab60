// Ingest of a whole-universe quote batch through the engine's store path (validation, cache, one
// transaction with history points, the `quote` event) against raw better-sqlite3 prepared statements
// in one transaction writing the same rows; and the event-loop delay while such batches arrive.
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createEventHub } from '../electron/engine/events';
import { createSilentLogger } from '../electron/engine/logger';
import {
  createSimulatedProvider,
  simulatedSymbolOf,
  type SimulatedSymbol,
} from '../electron/engine/providers/simulated/simulated-provider';
import type { ProviderQuote } from '../electron/engine/providers/types';
import { createQuoteCache } from '../electron/engine/quote-cache';
import { createQuoteService } from '../electron/engine/quote-service';
import { openDatabase, type Db } from '../electron/engine/store/db';
import { migrate } from '../electron/engine/store/migrate';
import { migrations } from '../electron/engine/store/migrations/index';
import { createQuotesRepo } from '../electron/engine/store/quotes-repo';
import { createSymbolsRepo, type SymbolRow } from '../electron/engine/store/symbols-repo';
import { loadUniverse } from '../electron/engine/universe';
import { tempDir, UNIVERSE_FILES } from '../test-support/engine';
import type { BenchResult } from './harness';

const ROUNDS = Number(process.env.QUOTEDESK_BENCH_INGEST_ROUNDS ?? 30);
const T0 = Date.parse('2026-11-23T15:00:00Z');

function database(): { db: Db; directory: Map<string, SymbolRow>; dir: string } {
  const dir = tempDir('quotedesk-bench-ingest-');
  const db = openDatabase(path.join(dir, 'quotedesk.sqlite'));
  migrate(db, migrations);
  const symbols = createSymbolsRepo(db);
  loadUniverse(db, symbols, UNIVERSE_FILES, T0);
  return { db, directory: new Map(symbols.all().map((s) => [s.symbol, s])), dir };
}

/** One whole-universe batch per minute of market time (so every round writes history points too). */
async function batches(directory: Map<string, SymbolRow>, n: number): Promise<ProviderQuote[][]> {
  const walks = new Map<string, SimulatedSymbol>([...directory.values()].map((s) => [s.symbol, simulatedSymbolOf(s)]));
  let now = T0;
  const clock = { now: () => now, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined };
  const feed = createSimulatedProvider({ seed: 3, clock, limits: [], universe: () => walks });
  const out: ProviderQuote[][] = [];
  for (let i = 0; i < n; i++) {
    now = T0 + i * 60_000;
    out.push((await feed.fetchQuotes([...directory.keys()])).quotes);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export async function bench(): Promise<BenchResult[]> {
  const engineSide = database();
  const rawSide = database();
  const data = await batches(engineSide.directory, ROUNDS * 2 + 1);
  const size = data[0]?.length ?? 0;
  let now = T0;
  const clock = { now: () => now, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined };
  const events = createEventHub(() => undefined);
  let pushed = 0;
  events.on('quote', (q) => (pushed += q.length));
  const service = createQuoteService({
    clock,
    logger: createSilentLogger(),
    events,
    cache: createQuoteCache(),
    quotes: createQuotesRepo(engineSide.db),
    symbols: () => engineSide.directory,
  });

  // Raw: the same rows, the same tables, prepared statements, one transaction.
  const upsert = rawSide.db.prepare(`
    INSERT INTO quotes (symbol, price, change, change_percent, open, high, low, previous_close, volume, source, as_of, fetched_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'simulated', ?, ?)
    ON CONFLICT(symbol) DO UPDATE SET price = excluded.price, change = excluded.change,
      change_percent = excluded.change_percent, open = excluded.open, high = excluded.high, low = excluded.low,
      previous_close = excluded.previous_close, volume = excluded.volume, source = excluded.source,
      as_of = excluded.as_of, fetched_at = excluded.fetched_at`);
  const history = rawSide.db.prepare(
    'INSERT OR REPLACE INTO quote_history (symbol, ts, price, volume) VALUES (?, ?, ?, ?)',
  );
  const rawWrite = rawSide.db.transaction((batch: ProviderQuote[], at: number) => {
    for (const q of batch) {
      upsert.run(
        q.symbol,
        q.price,
        q.change,
        q.changePercent,
        q.open,
        q.high,
        q.low,
        q.previousClose,
        q.volume,
        q.asOf,
        at,
      );
      history.run(q.symbol, q.asOf, q.price, q.volume);
    }
  });

  // Warm both (JIT, page cache), then alternate so machine noise hits both alike.
  service.ingest('simulated', data[0]!, T0);
  rawWrite(data[0]!, T0);
  const engineMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 1; i <= ROUNDS; i++) {
    const a = data[2 * i - 1]!;
    const b = data[2 * i]!;
    now = T0 + (2 * i - 1) * 60_000;
    let t = performance.now();
    service.ingest('simulated', a, now);
    engineMs.push(performance.now() - t);
    t = performance.now();
    rawWrite(a, now);
    rawMs.push(performance.now() - t);
    now = T0 + 2 * i * 60_000;
    t = performance.now();
    rawWrite(b, now);
    rawMs.push(performance.now() - t);
    t = performance.now();
    service.ingest('simulated', b, now);
    engineMs.push(performance.now() - t);
  }
  if (pushed < size * ROUNDS * 2) throw new Error(`only ${pushed} quotes were pushed`);

  // Event-loop delay: idle for 3 s, then 3 s with a whole-universe batch ingested every second.
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 3000));
  idle.disable();
  const busy = monitorEventLoopDelay({ resolution: 1 });
  busy.enable();
  let k = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      now += 60_000;
      service.ingest(
        'simulated',
        data[(k++ % ROUNDS) + 1]!.map((q) => ({ ...q, asOf: now })),
        now,
      );
      if (k >= 6) {
        clearInterval(timer);
        resolve();
      }
    }, 1000);
  });
  busy.disable();

  for (const side of [engineSide, rawSide]) {
    side.db.close();
    fs.rmSync(side.dir, { recursive: true, force: true });
  }
  const name = `ingest a ${size.toLocaleString('en-US')}-quote batch (whole universe, with history points)`;
  const ms = (h: { percentile(p: number): number }) => h.percentile(99) / 1e6;
  return [
    {
      name,
      metric: 'median per batch',
      unit: 'ms',
      value: median(engineMs),
      baseline: { name: 'raw better-sqlite3, prepared statements, one transaction', value: median(rawMs) },
      higherIsBetter: false,
    },
    {
      name: `event-loop delay, a ${size.toLocaleString('en-US')}-quote batch ingested every second`,
      metric: 'p99',
      unit: 'ms',
      value: ms(busy),
      baseline: { name: 'same process idle', value: ms(idle) },
      higherIsBetter: false,
    },
    {
      // One ingest is one synchronous stall: a handful of samples among thousands, so p99 misses it.
      name: `event-loop delay, a ${size.toLocaleString('en-US')}-quote batch ingested every second`,
      metric: 'max',
      unit: 'ms',
      value: busy.max / 1e6,
      baseline: { name: 'same process idle', value: idle.max / 1e6 },
      higherIsBetter: false,
    },
  ];
}
