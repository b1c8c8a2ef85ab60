// createEngine: the product's core (store, providers, refresh, events, handlers), plain Node.
import path from 'node:path';
import type { Handlers, MarketDataStatus, MarketStatus } from '../../shared/contract';
import type { HolidayMergeReport, ProviderHoliday } from '../../shared/market';
import type { Quote } from '../../shared/quote';
import { createSystemClock, sleep, type Clock, type TimerHandle } from './clock';
import { createEmptySecretStore, resolveConfig, type Env, type ResolvedConfig, type SecretStore } from './config';
import { createEventHub, type EventHub } from './events';
import { createAdminHandlers } from './handlers/admin';
import { createMarketHandlers } from './handlers/market';
import { createQuoteHandlers } from './handlers/quotes';
import { createWatchlistHandlers } from './handlers/watchlists';
import { createSilentLogger, type Logger } from './logger';
import { createSimulatedProvider, type SimulatedSymbol } from './providers/simulated/simulated-provider';
import type { QuoteProvider } from './providers/types';
import { createQuoteCache } from './quote-cache';
import { createQuoteService, defaultStaleness, type StalenessPolicy } from './quote-service';
import { createRefreshStack, SIMULATED_ASKS } from './scheduler/index';
import type { ScheduledTask } from './scheduler/timer';
import { createSingleProviderGateway } from './scheduler/single-provider-gateway';
import type { SettingsStore } from './settings-store';
import { openDatabase, type Db } from './store/db';
import { migrate } from './store/migrate';
import { migrations } from './store/migrations/index';
import { createQuotesRepo } from './store/quotes-repo';
import { createSymbolsRepo, type SymbolRow } from './store/symbols-repo';
import { createWatchlistsRepo, type WatchlistsRepo } from './store/watchlists-repo';
import { loadUniverse } from './universe';

export type EngineOptions = {
  /** Where the SQLite file (and, outside Electron, settings and logs) live. */
  dataDir: string;
  /** Universe CSV files, loaded into `symbols` when their content changes. */
  universeFiles: string[];
  settings: SettingsStore;
  secrets?: SecretStore;
  env?: Env;
  clock?: Clock;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Seed of the simulated feed (QUOTEDESK_SIMULATED_SEED overrides). */
  seed?: number;
  /** Tier-1 interval of the simulated feed (tests that want quotes to move faster). */
  refreshIntervalMs?: number;
};

export type Engine = {
  readonly config: ResolvedConfig;
  readonly api: Handlers;
  readonly events: EventHub;
  readonly db: Db;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops refreshing while the machine sleeps; reads and the local API keep answering. */
  suspend(): Promise<void>;
  /** Refreshes again after suspend(), starting with one refresh at once. */
  resume(): void;
  /** True between start() and stop(): every route can answer. */
  isReady(): boolean;
  status(): MarketDataStatus;
  /** The market clock now. */
  marketStatus(): MarketStatus;
  /** Merges a provider's holiday list (Finnhub /stock/market-holiday) into the market clock. */
  mergeProviderHolidays(entries: readonly ProviderHoliday[]): HolidayMergeReport;
  /** Current quotes for pushes to a new subscriber. */
  snapshot(symbols: ReadonlySet<string> | undefined): Quote[];
  readonly clock: Clock;
  readonly logger: Logger;
};

/** Symbols always refreshed with the watchlists: the dashboard's index proxies. */
export const INDEX_PROXIES = ['SPY', 'QQQ', 'DIA', 'IWM'];

/** What a new user sees first: a watchlist that is not empty. Seeded once; deleting it is final. */
export const FIRST_WATCHLIST = ['SPY', 'QQQ', 'NVDA', 'MSFT', 'AMZN'];

function seedFirstWatchlist(db: Db, repo: WatchlistsRepo, directory: ReadonlyMap<string, SymbolRow>, now: number) {
  const done = db.prepare("SELECT 1 FROM meta WHERE key = 'first_watchlist_seeded'").get();
  if (done) return;
  db.transaction(() => {
    if (repo.list().length === 0) {
      repo.create(
        'My watchlist',
        FIRST_WATCHLIST.filter((s) => directory.has(s)),
        now,
      );
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('first_watchlist_seeded', '1')").run();
  })();
}

export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? createSystemClock();
  const logger = options.logger ?? createSilentLogger();
  const env = options.env ?? {};
  const secrets: SecretStore = options.secrets ?? createEmptySecretStore();
  const config = resolveConfig(env, options.settings, secrets);

  const db = openDatabase(path.join(options.dataDir, 'quotedesk.sqlite'));
  migrate(db, migrations);
  const symbolsRepo = createSymbolsRepo(db);
  const quotesRepo = createQuotesRepo(db);
  const watchlistsRepo = createWatchlistsRepo(db);
  const universe = loadUniverse(db, symbolsRepo, options.universeFiles, clock.now());
  logger.info({ symbols: universe.loaded, skipped: universe.skipped, changed: universe.changed }, 'universe loaded');

  const directory = new Map<string, SymbolRow>(symbolsRepo.all().map((s) => [s.symbol, s]));
  seedFirstWatchlist(db, watchlistsRepo, directory, clock.now());
  let simulatedUniverse: Map<string, SimulatedSymbol> | undefined;

  const events = createEventHub((err) => logger.error({ err: String(err) }, 'event listener failed'));
  const cache = createQuoteCache();
  // The staleness policy comes from the refresh plan, which needs the quote service first.
  const late: { staleness?: StalenessPolicy } = {};
  const quotes = createQuoteService({
    clock,
    logger,
    events,
    cache,
    quotes: quotesRepo,
    symbols: () => directory,
    staleAfter: (tier, now) => (late.staleness ? late.staleness(tier, now) : defaultStaleness(tier, now)),
  });

  const seed = Number(env.QUOTEDESK_SIMULATED_SEED ?? options.seed ?? 1);
  const simulated = createSimulatedProvider({
    seed: Number.isFinite(seed) ? seed : 1,
    clock,
    limits: config.limits.simulated,
    universe: () => {
      simulatedUniverse ??= new Map(
        [...directory.values()].map((s) => [
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
      return simulatedUniverse;
    },
  });
  const providers: QuoteProvider[] = [simulated];
  if (config.providers.some((p) => p !== 'simulated')) {
    logger.warn({ providers: config.providers }, 'real providers are configured but not wired yet; using simulated');
  }
  const provider = providers[0] ?? simulated;
  const gateway = createSingleProviderGateway({ provider, clock, logger: logger.child({ component: 'gateway' }) });
  const alwaysOpen = () => providers.every((p) => p.id === 'simulated');

  /** Symbols pinned to tier 1: watchlists, index proxies, and any source added here (portfolios). */
  const pinSources: (() => Iterable<string>)[] = [() => watchlistsRepo.allSymbols(), () => INDEX_PROXIES];

  let ready = false;
  let statusTimer: TimerHandle | undefined;
  const pushStatus = () => {
    // Progress changes often; clients get at most one status push every five seconds.
    if (statusTimer || !ready) return;
    statusTimer = clock.setTimeout(() => {
      statusTimer = undefined;
      if (ready) events.emit('status', status());
    }, 5000);
  };

  const stack = createRefreshStack({
    db,
    clock,
    logger,
    gateway,
    quotes,
    latestQuote: (s) => cache.peek(s),
    symbols: symbolsRepo,
    directory,
    pinned: function* () {
      for (const source of pinSources) yield* source();
    },
    extendedHours: () => options.settings.get().extendedHours,
    alwaysOpen,
    onProgress: pushStatus,
    onPlan: pushStatus,
    ...(options.refreshIntervalMs === undefined
      ? {}
      : {
          simulatedAsks: {
            ...SIMULATED_ASKS,
            tier1: { ...SIMULATED_ASKS.tier1, intervalMs: options.refreshIntervalMs },
          },
        }),
  });
  late.staleness = stack.staleness;

  /** Pins changed (a watchlist or portfolio): reshape the tiers and fetch new symbols now. */
  const onPinsChanged = (symbols: string[]) => {
    stack.scheduler.pinsChanged();
    const missing = symbols.filter((s) => cache.peek(s) === undefined);
    if (missing.length > 0) void stack.scheduler.refreshNow(missing);
  };

  const marketStatus = () => stack.market.status(clock.now());
  let marketTask: ScheduledTask | undefined;
  const pushMarket = () => {
    const s = marketStatus();
    events.emit('market', s);
    // The next change of session, plus a second so the answer is the new session.
    marketTask = stack.timer.at(Date.parse(s.nextChange) + 1000, pushMarket);
  };

  const startedAt = clock.now();
  let suspended = false;
  let maintenance: TimerHandle | undefined;
  const maintain = () => {
    const removed = quotes.pruneHistory();
    if (removed > 0) logger.info({ removed }, 'pruned old intraday history');
    stack.repo.prune(clock.now());
    maintenance = clock.setTimeout(maintain, 3_600_000);
  };

  const status = (): MarketDataStatus => ({
    feed: alwaysOpen() ? 'simulated' : 'live',
    providers: providers.map((p) => ({
      id: p.id,
      state: 'ok',
      breaker: 'closed',
      pausedUntil: null,
      reason: null,
      limits: p.limits,
    })),
    cache: quotes.cacheStats(),
    symbols: directory.size,
    quoted: quotes.quotedCount(),
    startedAt: new Date(startedAt).toISOString(),
    plan: stack.scheduler.plan(),
    scheduler: stack.scheduler.status(),
    market: marketStatus(),
  });

  const isKnown = (s: string) => directory.has(s);
  const api: Handlers = {
    ...createQuoteHandlers({
      quotes,
      isKnown,
      // A caller waits for a missing quote ten seconds at most (a paused provider may take longer).
      refreshNow: (s) => Promise.race([stack.scheduler.refreshNow(s), sleep(clock, 10_000)]),
      now: () => clock.now(),
    }),
    ...createWatchlistHandlers({ clock, watchlists: watchlistsRepo, isKnown, onChange: onPinsChanged }),
    ...createMarketHandlers({ market: stack.market, now: () => clock.now() }),
    ...createAdminHandlers({
      stack,
      directory,
      now: () => clock.now(),
      feed: () => (alwaysOpen() ? 'simulated' : 'live'),
      extendedHours: () => options.settings.get().extendedHours,
    }),
    getMarketDataStatus: () => status(),
  };

  return {
    config,
    api,
    events,
    db,
    start() {
      maintain();
      stack.scheduler.start();
      ready = true;
      pushMarket();
      return Promise.resolve();
    },
    async suspend() {
      if (!ready || suspended) return;
      suspended = true;
      // Runs and cursors stay persisted: resume() carries on, each tier catching up at most once.
      await stack.scheduler.stop();
    },
    resume() {
      if (!ready || !suspended) return;
      suspended = false;
      stack.scheduler.start();
    },
    async stop() {
      ready = false;
      clock.clearTimeout(maintenance);
      clock.clearTimeout(statusTimer);
      stack.timer.cancel(marketTask);
      await stack.scheduler.stop();
      gateway.close();
      stack.timer.stop();
      db.close();
    },
    isReady: () => ready,
    status,
    marketStatus,
    mergeProviderHolidays: (entries) => stack.mergeProviderHolidays(entries),
    snapshot: (symbols) => quotes.snapshot(symbols),
    clock,
    logger,
  };
}
