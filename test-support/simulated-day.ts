// Replays trading days on a simulated clock: the real engine (store, provider manager, tiers, planner,
// scheduler) against the fake Finnhub or Alpha Vantage server, measured by what the fake received.
import fs from 'node:fs';
import path from 'node:path';
import type { RateWindow } from '../shared/contract';
import { parseCsvRecords } from '../shared/csv';
import { createMarketClock, nyTime, addDays, type MarketClock } from '../shared/market';
import type { Tier } from '../shared/quote';
import { createEventHub } from '../electron/engine/events';
import { createEngine, FIRST_WATCHLIST, INDEX_PROXIES, type Engine } from '../electron/engine/index';
import { createSilentLogger, type Logger } from '../electron/engine/logger';
import { parseLimits } from '../electron/engine/providers/limits';
import {
  createSimulatedProvider,
  simulatedSymbolOf,
  type SimulatedSymbol,
} from '../electron/engine/providers/simulated/simulated-provider';
import { createQuoteCache } from '../electron/engine/quote-cache';
import { createQuoteService } from '../electron/engine/quote-service';
import { limitPerMinute } from '../electron/engine/scheduler/planner';
import { createSchedulerRepo } from '../electron/engine/scheduler/scheduler-repo';
import { createMemorySettingsStore } from '../electron/engine/settings-store';
import { openDatabase } from '../electron/engine/store/db';
import { migrate } from '../electron/engine/store/migrate';
import { migrations } from '../electron/engine/store/migrations/index';
import { createQuotesRepo } from '../electron/engine/store/quotes-repo';
import { createSymbolsRepo } from '../electron/engine/store/symbols-repo';
import { loadUniverse } from '../electron/engine/universe';
import { tempDir, UNIVERSE_FILES } from './engine';
import { startFakeAlphaVantage } from './fake-alphavantage/index';
import type { FakeCounters, FakeRequest, Scenario, ScenarioOptions } from './fake-common/index';
import { startFakeFinnhub } from './fake-finnhub/index';
import { createSimulationClock, settle, type SimulationClock } from './sim-clock';

export type SimProviderId = 'finnhub' | 'alphavantage';

export type SimWorldOptions = {
  /** The New York trading date replayed. */
  date: string;
  provider: SimProviderId;
  /** The plan, as a user writes it (`30/s,60/min`); the fake enforces the same. */
  limits: string;
  /** 'all' or the N most active symbols (watchlist and index proxies always kept). */
  symbols?: 'all' | number;
  extendedHours?: boolean;
  /** Finnhub trade-stream symbols (0, the default, polls everything: the budget's worst case). */
  streamSymbols?: number;
  seed?: number;
  dataDir?: string;
  logger?: Logger;
  /** When the clock starts (default 03:59 New York on `date`). */
  startAt?: number;
};

/** The fake provider behind the engine, as the simulation needs it. */
export type SimFake = {
  url: string;
  /** Finnhub's WebSocket trades. */
  wsUrl?: string;
  counters(): FakeCounters;
  requests(): readonly FakeRequest[];
  inFlight(): number;
  setScenario(scenario: Scenario, options?: ScenarioOptions): void;
  stop(): Promise<void>;
};

/** One running app on the world's database: an engine on its own process clock. */
export type SimInstance = {
  engine: Engine;
  /** When the stored quote of a symbol was fetched. */
  fetchedAt(symbol: string): number | undefined;
  /** The process dies at once: no timer fires again, nothing more is written; calls in flight are lost. */
  crash(): Promise<void>;
  stop(): Promise<void>;
};

export type SimWorld = {
  clock: SimulationClock;
  market: MarketClock;
  fake: SimFake;
  dataDir: string;
  /** Every symbol of the replayed universe. */
  universe: Set<string>;
  watchlist: string[];
  limits: RateWindow[];
  dayStart: number;
  /** A new app process on the same data directory (after a crash or a quit). */
  open(): SimInstance;
  /** The running instance (the last one opened). */
  current(): SimInstance | undefined;
  close(): Promise<void>;
};

const API_TOKEN = 'simulation-admin-token-0123456789';
const KEY = 'SIMULATIONKEY0001';

/** The shipped universe, cut to the `n` most active by dollar volume (plus pinned symbols). */
export function universeFiles(dir: string, symbols: 'all' | number): { files: string[]; symbols: Set<string> } {
  const records = UNIVERSE_FILES.map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
  const all = records.flatMap((r) => parseCsvRecords(r.text));
  let keep = new Set(all.map((r) => (r.symbol ?? '').trim().toUpperCase()).filter((s) => s !== ''));
  if (symbols === 'all') return { files: UNIVERSE_FILES, symbols: keep };
  const ranked = [...all].sort(
    (a, b) => Number(b.avg_volume) * Number(b.last_price) - Number(a.avg_volume) * Number(a.last_price),
  );
  keep = new Set([
    ...ranked.slice(0, symbols).map((r) => (r.symbol ?? '').trim().toUpperCase()),
    ...FIRST_WATCHLIST,
    ...INDEX_PROXIES,
  ]);
  const out: string[] = [];
  for (const r of records) {
    const [header, ...lines] = r.text.split(/\r?\n/);
    const kept = lines.filter((l) => keep.has(l.slice(0, l.indexOf(',')).trim().toUpperCase()));
    const file = path.join(dir, path.basename(r.file));
    fs.writeFileSync(file, [header, ...kept].join('\n') + '\n');
    out.push(file);
  }
  return { files: out, symbols: new Set([...keep].filter((s) => all.some((r) => r.symbol === s))) };
}

/** The fake the plan belongs to, enforcing the plan's own windows. */
async function startFake(clock: SimulationClock, provider: SimProviderId, limits: RateWindow[]): Promise<SimFake> {
  const per = (unit: RateWindow['unit']) => limits.find((w) => w.unit === unit)?.limit;
  if (provider === 'finnhub') {
    return startFakeFinnhub({
      clock,
      keys: [KEY],
      limits: { perSecond: per('s') ?? 1_000_000, perMinute: per('min') ?? 1_000_000 },
      logRequests: true,
      // Streamed symbols trade every ten seconds (when the stream is on).
      tradeIntervalMs: 10_000,
    });
  }
  const daily = per('day');
  return startFakeAlphaVantage({
    clock,
    keys: [KEY],
    // A plan without a daily cap is a premium one (realtime and bulk quotes).
    plan: daily === undefined ? 'premium' : 'free',
    limits: {
      ...(per('s') === undefined ? {} : { perSecond: per('s') }),
      ...(per('min') === undefined ? {} : { perMinute: per('min') }),
      ...(daily === undefined ? {} : { perDay: daily }),
    },
    logRequests: true,
  });
}

/**
 * A data directory whose database already holds the previous close's snapshot (every symbol
 * quoted, no quota spent) and knows that snapshot is done, as an app that ran yesterday would.
 */
export function seedYesterday(options: {
  dataDir: string;
  files: string[];
  provider: SimProviderId;
  previousClose: { date: string; at: number };
  seed: number;
}): Promise<void> {
  const db = openDatabase(path.join(options.dataDir, 'quotedesk.sqlite'));
  migrate(db, migrations);
  const symbols = createSymbolsRepo(db);
  const seededAt = options.previousClose.at + 30 * 60_000;
  loadUniverse(db, symbols, options.files, seededAt);
  const rows = symbols.all();
  const directory = new Map(rows.map((r) => [r.symbol, r]));
  const walks = new Map<string, SimulatedSymbol>(rows.map((s) => [s.symbol, simulatedSymbolOf(s)]));
  const clock = { now: () => seededAt, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined };
  const feed = createSimulatedProvider({ seed: options.seed, clock, limits: [], universe: () => walks });
  const quotes = createQuoteService({
    clock,
    logger: createSilentLogger(),
    events: createEventHub(() => undefined),
    cache: createQuoteCache(),
    quotes: createQuotesRepo(db),
    symbols: () => directory,
  });
  return feed.fetchQuotes([...directory.keys()]).then((batch) => {
    quotes.ingest(options.provider, batch.quotes, seededAt);
    createSchedulerRepo(db).saveJob({
      name: 'tier3',
      runId: null,
      state: 'idle',
      runKey: null,
      cursor: 0,
      total: 0,
      done: 0,
      failures: 0,
      nextRunAt: null,
      lastRunAt: options.previousClose.at,
      lastFinishedAt: seededAt,
      lastKey: options.previousClose.date,
    });
    db.close();
  });
}

export async function createSimWorld(options: SimWorldOptions): Promise<SimWorld> {
  const logger = options.logger ?? createSilentLogger();
  const limits = parseLimits(options.limits);
  const dataDir = options.dataDir ?? tempDir('quotedesk-sim-');
  const market = createMarketClock();
  if (!market.day(options.date).open) throw new Error(`${options.date} is not a trading day`);
  const dayStart = options.startAt ?? nyTime(options.date, 3 * 60 + 59);
  // The close before the replayed day, whenever the clock starts on it.
  const previousClose = market.previousClose(nyTime(options.date, 0));

  let current: SimInstance | undefined;
  // Virtual time moves only when no call is in flight: the manager's own count and the fake's.
  const started: { fake?: SimFake } = {};
  const streaming = options.provider === 'finnhub' && (options.streamSymbols ?? 0) > 0;
  const quiet = async () => {
    for (let i = 0; i < 10_000; i++) {
      await settle();
      const engine = current?.engine;
      const mine = engine ? engine.gateway.inFlight() : 0;
      const theirs = started.fake?.inFlight() ?? 0;
      // A WebSocket handshake is real I/O too: no watchdog may fire while it is under way.
      const connecting = streaming && engine?.providerSetup.info('finnhub').stream?.state === 'connecting';
      if (mine === 0 && theirs === 0 && !connecting) return;
      if (mine > 0 && engine) await engine.gateway.drained();
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const clock = createSimulationClock(dayStart, { quiet });
  const theFake = await startFake(clock, options.provider, limits);
  started.fake = theFake;

  const cut = universeFiles(dataDir, options.symbols ?? 'all');
  await seedYesterday({
    dataDir,
    files: cut.files,
    provider: options.provider,
    previousClose,
    seed: options.seed ?? 1,
  });
  const watchlist = FIRST_WATCHLIST.filter((s) => cut.symbols.has(s));
  const settings = createMemorySettingsStore({ extendedHours: options.extendedHours ?? false });
  const env =
    options.provider === 'finnhub'
      ? {
          QUOTEDESK_PROVIDERS: 'finnhub',
          QUOTEDESK_FINNHUB_KEY: KEY,
          QUOTEDESK_FINNHUB_URL: theFake.url,
          QUOTEDESK_FINNHUB_WS_URL: theFake.wsUrl ?? '',
          QUOTEDESK_FINNHUB_LIMITS: options.limits,
          QUOTEDESK_FINNHUB_WS_SYMBOLS: String(options.streamSymbols ?? 0),
        }
      : {
          QUOTEDESK_PROVIDERS: 'alphavantage',
          QUOTEDESK_ALPHAVANTAGE_KEY: KEY,
          QUOTEDESK_ALPHAVANTAGE_URL: theFake.url,
          QUOTEDESK_ALPHAVANTAGE_LIMITS: options.limits,
        };

  const open = (): SimInstance => {
    const proc = clock.process();
    const engine = createEngine({
      dataDir,
      universeFiles: cut.files,
      settings,
      env: { QUOTEDESK_API_TOKEN: API_TOKEN, ...env },
      clock: proc,
      logger,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    let alive = true;
    const instance: SimInstance = {
      engine,
      fetchedAt: (s) => engine.refresh.quoteFetchedAt(s),
      async crash() {
        if (!alive) return;
        alive = false;
        engine.refresh.scheduler.abandon();
        proc.kill();
        // Calls already on the wire finish at the provider; their answers go nowhere.
        await engine.gateway.drained();
        engine.db.close();
        if (current === instance) current = undefined;
      },
      async stop() {
        if (!alive) return;
        alive = false;
        await engine.stop();
        proc.kill();
        if (current === instance) current = undefined;
      },
    };
    current = instance;
    return instance;
  };

  return {
    clock,
    market,
    fake: theFake,
    dataDir,
    universe: cut.symbols,
    watchlist,
    limits,
    dayStart,
    open,
    current: () => current,
    async close() {
      await current?.stop();
      await theFake.stop();
    },
  };
}

export type Stats = { p50: number; p95: number; max: number };

function stats(values: number[]): Stats {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(sorted[sorted.length - 1] ?? 0) };
}

/** Quote calls, as the fake saw them: their endpoints by provider. */
export function isQuoteCall(r: FakeRequest): boolean {
  return r.endpoint === '/quote' || r.endpoint === 'GLOBAL_QUOTE' || r.endpoint === 'REALTIME_BULK_QUOTES';
}

export type SimDayResult = {
  date: string;
  provider: SimProviderId;
  limits: string;
  symbols: number;
  plan: string;
  /** Every request the fake received (quotes, holidays, profiles). */
  calls: number;
  regularSessionCalls: number;
  /** Requests that broke the plan, counted by the fake server. */
  violations: number;
  /** Symbols whose fresh quote the fake served and the engine stored, since the day began. */
  refreshedAtLeastOnce: number;
  staleness: { watchlist: Stats; tier1: Stats; tier2: Stats; tier3: Stats };
  /** Quote calls in the regular session over what the per-minute limit allows in it. */
  budgetUsed: number;
  snapshotFinishedAt: string | null;
  endedAt: string;
  wallSeconds: number;
};

/**
 * The whole day: 04:00-20:00 New York and the after-close snapshot (run on past 20:00 if it is not
 * done, up to the next pre-market). Staleness is the age of each quote, sampled every minute of
 * the regular session for every symbol of each tier.
 */
export async function simulateDay(options: SimWorldOptions & { sampleEveryMs?: number }): Promise<SimDayResult> {
  const started = performance.now();
  const world = await createSimWorld(options);
  const { clock, market } = world;
  const day = market.day(options.date);
  const regular = day.sessions.find((s) => s.session === 'regular');
  const post = day.sessions.find((s) => s.session === 'post');
  if (!regular || !post) throw new Error(`${options.date} has no regular session`);
  const app = world.open();
  const { engine } = app;

  const samples: Record<'watchlist' | 'tier1' | 'tier2' | 'tier3', number[]> = {
    watchlist: [],
    tier1: [],
    tier2: [],
    tier3: [],
  };
  const every = options.sampleEveryMs ?? 60_000;
  const sample = () => {
    const now = clock.now();
    const age = (s: string) => {
      const t = app.fetchedAt(s);
      return t === undefined ? Infinity : (now - t) / 1000;
    };
    for (const s of world.watchlist) samples.watchlist.push(age(s));
    for (const tier of [1, 2, 3] as Tier[]) {
      const into = samples[`tier${tier}`];
      for (const s of engine.refresh.tiers.members(tier)) into.push(age(s));
    }
  };

  try {
    await engine.start();
    await clock.runUntil(regular.start);
    for (let t = regular.start; t < regular.end; t += every) {
      await clock.runUntil(t);
      sample();
    }
    await clock.runUntil(post.end);
    // The snapshot may still be running (extended hours, small budgets): let it finish before the next pre-market.
    const nextPre = nyTime(addDays(options.date, 1), 4 * 60);
    const snapshotRunning = () =>
      engine.refresh.scheduler.status().jobs.find((j) => j.name === 'tier3')?.state === 'running';
    while (snapshotRunning() && clock.now() < nextPre) {
      await clock.runUntil(Math.min(nextPre, clock.now() + 10 * 60_000));
    }

    const requests = world.fake.requests();
    const asked = new Set<string>();
    let regularCalls = 0;
    for (const r of requests) {
      if (!isQuoteCall(r) || r.violation) continue;
      if (r.at >= world.dayStart) for (const s of r.symbols) asked.add(s);
      if (r.at >= regular.start && r.at < regular.end) regularCalls++;
    }
    // Count what was stored, not only asked for: a symbol counts once a fresh quote landed.
    const refreshed = [...world.universe].filter(
      (s) => asked.has(s) && (app.fetchedAt(s) ?? -Infinity) >= world.dayStart,
    ).length;
    const perMinute = limitPerMinute(world.limits, 390);
    const snapshotRun = engine.refresh.scheduler.runs(regular.end).find((r) => r.job === 'tier3');
    const counters = world.fake.counters();
    return {
      date: options.date,
      provider: options.provider,
      limits: options.limits,
      symbols: world.universe.size,
      plan: engine.refresh.scheduler.plan().sentence,
      calls: counters.requests,
      regularSessionCalls: regularCalls,
      violations: counters.violations,
      refreshedAtLeastOnce: refreshed,
      staleness: {
        watchlist: stats(samples.watchlist),
        tier1: stats(samples.tier1),
        tier2: stats(samples.tier2),
        tier3: stats(samples.tier3),
      },
      budgetUsed: Math.round((regularCalls / (perMinute * ((regular.end - regular.start) / 60_000))) * 1000) / 1000,
      snapshotFinishedAt: snapshotRun?.finishedAt ? new Date(snapshotRun.finishedAt).toISOString() : null,
      endedAt: new Date(clock.now()).toISOString(),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await world.close();
  }
}
