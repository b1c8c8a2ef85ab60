// createEngine: the product's core (store, providers, refresh, events, handlers), plain Node.
import path from 'node:path';
import type { Handlers, MarketDataStatus, PortfolioValuation } from '../../shared/contract';
import type { Quote } from '../../shared/quote';
import { createLocalApiState, type LocalApiState } from './api/state';
import { createSystemClock, type Clock, type TimerHandle } from './clock';
import { createEmptySecretStore, resolveConfig, type Env, type ResolvedConfig, type SecretStore } from './config';
import { createEventHub, type EventHub } from './events';
import { createApiSettingsHandlers } from './handlers/api-settings';
import { createPortfolioService } from './handlers/portfolios';
import { createQuoteHandlers } from './handlers/quotes';
import { createWatchlistHandlers } from './handlers/watchlists';
import { createSilentLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { createSimulatedProvider, type SimulatedSymbol } from './providers/simulated/simulated-provider';
import type { QuoteProvider } from './providers/types';
import { createQuoteCache } from './quote-cache';
import { createQuoteService } from './quote-service';
import { createRefreshLoop } from './refresh-loop';
import type { SettingsStore } from './settings-store';
import { openDatabase, type Db } from './store/db';
import { migrate } from './store/migrate';
import { migrations } from './store/migrations/index';
import { createPortfoliosRepo } from './store/portfolios-repo';
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
  /** Tick of the simple refresh loop. */
  refreshIntervalMs?: number;
  /** Prometheus registry; one is created when absent. */
  metrics?: Metrics;
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
  /** Current quotes for pushes to a new subscriber. */
  snapshot(symbols: ReadonlySet<string> | undefined): Quote[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Prometheus metrics: any module may add one (`engine.metrics.counter(...)`), /metrics serves them. */
  readonly metrics: Metrics;
  /** Tokens, their use and the bound port, shared by the settings handlers and the local API server. */
  readonly localApi: LocalApiState;
  /** Every symbol held in a portfolio: the scheduler pins these to tier 1 with the watchlists'. */
  portfolioSymbols(): string[];
  /** Every portfolio's live valuation (what the `portfolio` event carries). */
  portfolioValuations(): PortfolioValuation[];
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
  for (const warning of config.warnings) logger.warn(warning);
  const metrics = options.metrics ?? createMetrics();
  const localApi = createLocalApiState(config);

  const db = openDatabase(path.join(options.dataDir, 'quotedesk.sqlite'));
  migrate(db, migrations);
  const symbolsRepo = createSymbolsRepo(db);
  const quotesRepo = createQuotesRepo(db);
  const watchlistsRepo = createWatchlistsRepo(db);
  const portfoliosRepo = createPortfoliosRepo(db);
  const universe = loadUniverse(db, symbolsRepo, options.universeFiles, clock.now());
  logger.info({ symbols: universe.loaded, skipped: universe.skipped, changed: universe.changed }, 'universe loaded');

  const directory = new Map<string, SymbolRow>(symbolsRepo.all().map((s) => [s.symbol, s]));
  seedFirstWatchlist(db, watchlistsRepo, directory, clock.now());
  let simulatedUniverse: Map<string, SimulatedSymbol> | undefined;
  const symbolList = () => [...directory.keys()];

  const events = createEventHub((err) => logger.error({ err: String(err) }, 'event listener failed'));
  const cache = createQuoteCache();
  const quotes = createQuoteService({ clock, logger, events, cache, quotes: quotesRepo, symbols: () => directory });

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

  const portfolioService = createPortfolioService({
    clock,
    portfolios: portfoliosRepo,
    isKnown: (s) => directory.has(s),
    quotes: (symbols) => quotes.snapshot(symbols),
    events,
    onChange: (symbols) => {
      if (symbols.length > 0) void loop.refreshNow(symbols);
    },
  });
  let unwatchPortfolios: (() => void) | undefined;

  const loop = createRefreshLoop({
    clock,
    logger,
    provider,
    quotes,
    prioritySymbols: () => [
      ...new Set([...watchlistsRepo.allSymbols(), ...portfolioService.symbols(), ...INDEX_PROXIES]),
    ],
    allSymbols: symbolList,
    intervalMs: options.refreshIntervalMs ?? 1000,
  });

  const startedAt = clock.now();
  let ready = false;
  let suspended = false;
  let maintenance: TimerHandle | undefined;
  const maintain = () => {
    const removed = quotes.pruneHistory();
    if (removed > 0) logger.info({ removed }, 'pruned old intraday history');
    maintenance = clock.setTimeout(maintain, 3_600_000);
  };

  const status = (): MarketDataStatus => ({
    feed: providers.every((p) => p.id === 'simulated') ? 'simulated' : 'live',
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
  });

  const isKnown = (s: string) => directory.has(s);
  const api: Handlers = {
    ...portfolioService.handlers,
    ...createApiSettingsHandlers({ clock, logger, settings: options.settings, config, state: localApi }),
    ...createQuoteHandlers({ quotes, isKnown, refreshNow: (s) => loop.refreshNow(s), now: () => clock.now() }),
    ...createWatchlistHandlers({
      clock,
      watchlists: watchlistsRepo,
      isKnown,
      onChange: (symbols) => {
        if (symbols.length > 0) void loop.refreshNow(symbols);
      },
    }),
    getMarketDataStatus: () => status(),
  };

  return {
    config,
    api,
    events,
    db,
    start() {
      unwatchPortfolios = portfolioService.watch();
      maintain();
      loop.start();
      ready = true;
      return Promise.resolve();
    },
    async suspend() {
      if (!ready || suspended) return;
      suspended = true;
      await loop.stop();
    },
    resume() {
      if (!ready || !suspended) return;
      suspended = false;
      loop.start();
    },
    async stop() {
      ready = false;
      unwatchPortfolios?.();
      clock.clearTimeout(maintenance);
      await loop.stop();
      db.close();
    },
    isReady: () => ready,
    status,
    snapshot: (symbols) => quotes.snapshot(symbols),
    clock,
    logger,
    metrics,
    localApi,
    portfolioSymbols: () => portfolioService.symbols(),
    portfolioValuations: () => portfolioService.valuations(),
  };
}
