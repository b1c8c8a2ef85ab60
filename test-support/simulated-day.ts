// Replays a trading day on a simulated clock: the real store, tiers, planner and scheduler against a
// provider with a real plan's limits, measuring calls, violations, coverage, staleness and budget use.
import path from 'node:path';
import type { RateWindow } from '../shared/contract';
import { addDays, createMarketClock, nyTime } from '../shared/market';
import type { ProviderId } from '../shared/quote';
import { createEventHub } from '../electron/engine/events';
import { FIRST_WATCHLIST, INDEX_PROXIES } from '../electron/engine/index';
import { createSilentLogger, type Logger } from '../electron/engine/logger';
import type { QuoteGateway } from '../electron/engine/providers/gateway';
import { parseLimits } from '../electron/engine/providers/limits';
import {
  createSimulatedProvider,
  type SimulatedSymbol,
} from '../electron/engine/providers/simulated/simulated-provider';
import { createQuoteCache } from '../electron/engine/quote-cache';
import { createQuoteService, type QuoteService, type StalenessPolicy } from '../electron/engine/quote-service';
import { createRefreshStack, type RefreshStack } from '../electron/engine/scheduler/index';
import type { ProfileSink } from '../electron/engine/scheduler/refresh-scheduler';
import { limitPerMinute } from '../electron/engine/scheduler/planner';
import { createSingleProviderGateway } from '../electron/engine/scheduler/single-provider-gateway';
import { createClockScheduler } from '../electron/engine/scheduler/timer';
import { openDatabase, type Db } from '../electron/engine/store/db';
import { migrate } from '../electron/engine/store/migrate';
import { migrations } from '../electron/engine/store/migrations/index';
import { createQuotesRepo } from '../electron/engine/store/quotes-repo';
import { createSymbolsRepo, type SymbolRow } from '../electron/engine/store/symbols-repo';
import { createWatchlistsRepo } from '../electron/engine/store/watchlists-repo';
import { initialTiers, loadUniverse } from '../electron/engine/universe';
import { createCountingProvider, type CountingProvider } from './counting-provider';
import { tempDir, UNIVERSE_FILES } from './engine';
import { createSimulationClock, type SimulationClock } from './sim-clock';

export type SimProvider = {
  /** What the engine talks to. */
  gateway: QuoteGateway;
  fetchProfile?: ProfileSink['fetch'];
  /** Calls and violations as the provider side counted them. */
  calls(): number;
  violations(): number;
  /** Every call with its time, kind and symbols. */
  log(): { ts: number; symbols: string[]; kind: 'quote' | 'profile' }[];
  close(): Promise<void> | void;
};

export type SimWorldOptions = {
  /** The New York trading date replayed. */
  date: string;
  provider: ProviderId;
  limits: string;
  /** 'all' or the N most active symbols. */
  symbols?: 'all' | number;
  bulkSize?: number;
  extendedHours?: boolean;
  seed?: number;
  dataDir?: string;
  logger?: Logger;
  /** The provider side; by default an in-process provider with the plan's limits. */
  makeProvider?: (ctx: {
    clock: SimulationClock;
    universe: Map<string, SymbolRow>;
    limits: RateWindow[];
  }) => SimProvider;
  /** When the clock starts (default 03:59 New York on `date`). */
  startAt?: number;
  /** Waits for work in flight before virtual time moves (needed with real HTTP). */
  quiet?: () => Promise<void>;
  /** Refresh profiles weekly through the provider (the in-process one gives them). */
  profiles?: boolean;
};

export type SimWorld = Awaited<ReturnType<typeof createSimWorld>>;

const DEFAULT_BULK: Record<ProviderId, number> = { finnhub: 1, alphavantage: 100, simulated: 1000 };

/** The simulated feed's view of the universe: a reference price to walk from. */
export function simulatedUniverse(universe: ReadonlyMap<string, SymbolRow>): Map<string, SimulatedSymbol> {
  return new Map(
    [...universe.values()].map((s) => [
      s.symbol,
      {
        symbol: s.symbol,
        name: s.name,
        exchange: s.exchange,
        refPrice: s.refPrice ?? 10,
        avgVolume: s.avgVolume,
        sharesOutstanding: s.sharesOutstanding,
      },
    ]),
  );
}

function inProcessProvider(
  id: ProviderId,
  limits: RateWindow[],
  bulkSize: number,
  clock: SimulationClock,
  universe: Map<string, SymbolRow>,
  seed: number,
): SimProvider & { provider: CountingProvider } {
  const walks = simulatedUniverse(universe);
  const inner = createSimulatedProvider({ seed, clock, limits: [], bulkSize, universe: () => walks });
  const provider = createCountingProvider({ id, limits, bulkSize, clock, inner });
  const gateway = createSingleProviderGateway({ provider, clock, logger: createSilentLogger() });
  return {
    provider,
    gateway,
    fetchProfile: (symbol, priority, signal) => gateway.fetchProfile(symbol, priority, signal),
    calls: () => provider.calls(),
    violations: () => provider.violations(),
    log: () => provider.log,
    close: () => gateway.close(),
  };
}

/** One running copy of the refresh machinery on a database file (a process, for crash tests). */
export type SimInstance = {
  db: Db;
  quotes: QuoteService;
  stack: RefreshStack;
  directory: Map<string, SymbolRow>;
  watchlist: string[];
  /** When the stored quote of a symbol was fetched. */
  fetchedAt: (symbol: string) => number | undefined;
};

export async function createSimWorld(options: SimWorldOptions) {
  const logger = options.logger ?? createSilentLogger();
  const limits = parseLimits(options.limits);
  const bulkSize = options.bulkSize ?? DEFAULT_BULK[options.provider];
  const dataDir = options.dataDir ?? tempDir('quotedesk-sim-');
  const file = path.join(dataDir, 'quotedesk.sqlite');
  const market = createMarketClock();
  const dayStart = options.startAt ?? nyTime(options.date, 3 * 60 + 59);
  if (!market.day(options.date).open) throw new Error(`${options.date} is not a trading day`);
  // The close before the replayed day, whenever the clock starts on it.
  const previousClose = market.previousClose(nyTime(options.date, 0));
  // Yesterday's after-close snapshot: every symbol has a quote when the day begins.
  const seededAt = previousClose.at + 30 * 60_000;
  const clock = createSimulationClock(seededAt, options.quiet ? { quiet: options.quiet } : {});

  // The universe, cut to the N most active when asked.
  const setupDb = openDatabase(file);
  migrate(setupDb, migrations);
  const setupSymbols = createSymbolsRepo(setupDb);
  loadUniverse(setupDb, setupSymbols, UNIVERSE_FILES, seededAt);
  let rows = setupSymbols.all();
  if (typeof options.symbols === 'number') {
    const ranked = initialTiers(rows, rows.length, 0);
    const keep = new Set([...ranked.keys()].slice(0, options.symbols));
    for (const s of [...FIRST_WATCHLIST, ...INDEX_PROXIES]) keep.add(s);
    rows = rows.filter((r) => keep.has(r.symbol));
  }
  const universe = new Map(rows.map((r) => [r.symbol, r]));
  const watchlists = createWatchlistsRepo(setupDb);
  const watchlist = FIRST_WATCHLIST.filter((s) => universe.has(s));
  if (watchlists.list().length === 0) watchlists.create('My watchlist', watchlist, seededAt);
  setupDb.close();

  const side =
    options.makeProvider?.({ clock, universe, limits }) ??
    inProcessProvider(options.provider, limits, bulkSize, clock, universe, options.seed ?? 1);

  const open = (): SimInstance => {
    const db = openDatabase(file);
    migrate(db, migrations);
    const symbolsRepo = createSymbolsRepo(db);
    const directory = new Map(
      symbolsRepo
        .all()
        .filter((r) => universe.has(r.symbol))
        .map((r) => [r.symbol, r]),
    );
    const quotesRepo = createQuotesRepo(db);
    const lists = createWatchlistsRepo(db);
    const cache = createQuoteCache();
    // The quote service needs the policy before the stack that makes it exists.
    const late: { staleness?: StalenessPolicy } = {};
    const quotes = createQuoteService({
      clock,
      logger,
      events: createEventHub(() => undefined),
      cache,
      quotes: quotesRepo,
      symbols: () => directory,
      staleAfter: (tier, now) => late.staleness?.(tier, now) ?? 0,
    });
    const stack = createRefreshStack({
      db,
      clock,
      logger,
      gateway: side.gateway,
      quotes,
      latestQuote: (s) => cache.peek(s),
      symbols: symbolsRepo,
      directory,
      pinned: () => [...lists.allSymbols(), ...INDEX_PROXIES],
      extendedHours: () => options.extendedHours ?? false,
      alwaysOpen: () => false,
      timer: createClockScheduler(clock),
      ...(options.profiles && side.fetchProfile ? { profiles: { fetch: side.fetchProfile } } : {}),
    });
    late.staleness = stack.staleness;
    return { db, quotes, stack, directory, watchlist, fetchedAt: (s: string) => cache.peek(s)?.fetchedAt };
  };

  // Seed yesterday's snapshot straight from the simulated walk (no quota spent), and record that
  // snapshot as done, before the instance that runs the day reads its jobs.
  {
    const seeding = open();
    const first = seeding;
    const walks = simulatedUniverse(universe);
    const seedFeed = createSimulatedProvider({ seed: options.seed ?? 1, clock, limits: [], universe: () => walks });
    const batch = await seedFeed.fetchQuotes([...universe.keys()]);
    first.quotes.ingest(options.provider, batch.quotes, seededAt);
    first.stack.repo.saveJob({
      name: 'tier3',
      runId: null,
      state: 'idle',
      runKey: null,
      cursor: 0,
      total: 0,
      done: 0,
      failures: 0,
      nextRunAt: null,
      lastRunAt: previousClose.at,
      lastFinishedAt: seededAt,
      lastKey: previousClose.date,
    });
    seeding.db.close();
  }
  const first = open();
  // The machine was off overnight: the day starts at `dayStart`.
  clock.suspend(dayStart - seededAt);

  return {
    clock,
    market,
    file,
    universe,
    watchlist,
    provider: side,
    limits,
    bulkSize,
    dayStart,
    instance: first,
    /** A new process on the same database file (after a crash or a quit). */
    reopen: open,
  };
}

export type Stats = { p50: number; p95: number; max: number };

function stats(values: number[]): Stats {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(sorted[sorted.length - 1] ?? 0) };
}

export type SimDayResult = {
  date: string;
  provider: ProviderId;
  limits: string;
  symbols: number;
  calls: number;
  violations: number;
  refreshedAtLeastOnce: number;
  staleness: { watchlist: Stats; tier1: Stats; tier2: Stats; tier3: Stats };
  budgetUsed: number;
  wallSeconds: number;
  plan: string;
  regularSessionCalls: number;
  snapshotFinishedAt: string | null;
  endedAt: string;
};

/**
 * The whole day: 04:00-20:00 New York and the after-close snapshot (run on past 20:00 if it is not
 * done, up to the next pre-market). Staleness is sampled every minute of the regular session.
 */
export async function simulateDay(options: SimWorldOptions & { sampleEveryMs?: number }): Promise<SimDayResult> {
  const started = performance.now();
  const world = await createSimWorld(options);
  const { clock, market, instance } = world;
  const { stack, quotes, directory } = instance;
  const day = market.day(options.date);
  const regular = day.sessions.find((s) => s.session === 'regular');
  const post = day.sessions.find((s) => s.session === 'post');
  if (!regular || !post) throw new Error(`${options.date} has no regular session`);

  const samples = { watchlist: [] as number[], tier1: [] as number[], tier2: [] as number[], tier3: [] as number[] };
  const every = options.sampleEveryMs ?? 60_000;
  const sample = () => {
    const now = clock.now();
    const age = (s: string) => {
      const t = instance.fetchedAt(s);
      return t === undefined ? Infinity : (now - t) / 1000;
    };
    for (const s of world.watchlist) samples.watchlist.push(age(s));
    for (const [symbol, row] of directory) {
      samples[row.tier === 1 ? 'tier1' : row.tier === 2 ? 'tier2' : 'tier3'].push(age(symbol));
    }
  };

  stack.scheduler.start();
  await clock.runUntil(regular.start);
  for (let t = regular.start; t < regular.end; t += every) {
    await clock.runUntil(t);
    sample();
  }
  await clock.runUntil(post.end);
  // The snapshot may still be running (extended hours, small budgets): let it finish before the next pre-market.
  const nextPre = nyTime(addDays(options.date, 1), 4 * 60);
  while (stack.scheduler.status().jobs.find((j) => j.name === 'tier3')?.state === 'running' && clock.now() < nextPre) {
    await clock.runUntil(Math.min(nextPre, clock.now() + 10 * 60_000));
  }
  await stack.scheduler.stop();
  await world.provider.close();

  const log = world.provider.log().filter((c) => c.kind === 'quote');
  const refreshed = new Set<string>();
  let regularCalls = 0;
  for (const c of log) {
    if (c.ts >= world.dayStart) for (const s of c.symbols) refreshed.add(s);
    if (c.ts >= regular.start && c.ts < regular.end) regularCalls++;
  }
  // Count what was stored, not only asked for: a symbol counts once a fresh quote landed.
  const stored = quotes.snapshot(undefined).filter((q) => Date.parse(q.fetchedAt) >= world.dayStart).length;
  const perMinute = limitPerMinute(world.limits, 390);
  const snapshotRun = stack.scheduler.runs(regular.end).find((r) => r.job === 'tier3');
  const result: SimDayResult = {
    date: options.date,
    provider: options.provider,
    limits: options.limits,
    symbols: directory.size,
    calls: world.provider.calls(),
    violations: world.provider.violations(),
    refreshedAtLeastOnce: Math.min(stored, refreshed.size),
    staleness: {
      watchlist: stats(samples.watchlist),
      tier1: stats(samples.tier1),
      tier2: stats(samples.tier2),
      tier3: stats(samples.tier3),
    },
    budgetUsed: Math.round((regularCalls / (perMinute * ((regular.end - regular.start) / 60_000))) * 1000) / 1000,
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    plan: stack.scheduler.plan().sentence,
    regularSessionCalls: regularCalls,
    snapshotFinishedAt: snapshotRun?.finishedAt ? new Date(snapshotRun.finishedAt).toISOString() : null,
    endedAt: new Date(clock.now()).toISOString(),
  };
  instance.db.close();
  return result;
}
