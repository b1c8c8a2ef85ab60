// createEngine: the product's core (store, providers, refresh, events, handlers), plain Node.
import path from 'node:path';
import type { AlertEvent, Handlers, MarketDataStatus, PortfolioValuation } from '../../shared/contract';
import type { Quote } from '../../shared/quote';
import { createAlertEvaluator } from './alert-evaluator';
import { createLocalApiState, type LocalApiState } from './api/state';
import { createSystemClock, type Clock, type TimerHandle } from './clock';
import { createEmptySecretStore, resolveConfig, type Env, type ResolvedConfig, type SecretStore } from './config';
import { createEventHub, type EventHub } from './events';
import { createAlertHandlers } from './handlers/alerts';
import { createApiSettingsHandlers } from './handlers/api-settings';
import { createPortfolioService } from './handlers/portfolios';
import { createProviderHandlers } from './handlers/providers';
import { createQuoteHandlers } from './handlers/quotes';
import { createUiSettingsHandlers } from './handlers/ui-settings';
import { createUniverseHandlers } from './handlers/universe';
import { createWatchlistHandlers } from './handlers/watchlists';
import { createSilentLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import type { Trade } from './providers/finnhub/parse';
import { foldTrades } from './providers/finnhub/trade-fold';
import type { WebSocketLike } from './providers/finnhub/trade-stream';
import { createProfileRefresher } from './providers/manager/profile-refresh';
import { createProviderManager, type ProviderManager } from './providers/manager/provider-manager';
import { createProviderSetup, type ProviderSetup } from './providers/manager/provider-setup';
import { createUsageRepo } from './providers/manager/usage-repo';
import { createSimulatedProvider, type SimulatedSymbol } from './providers/simulated/simulated-provider';
import { createQuoteCache } from './quote-cache';
import { createQuoteService } from './quote-service';
import { createRefreshLoop } from './refresh-loop';
import type { SettingsStore } from './settings-store';
import { createAlertsRepo } from './store/alerts-repo';
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
  /** Per-request budget for provider calls (connect, headers and body). */
  providerTimeoutMs?: number;
  /** WebSocket constructor for the Finnhub stream (Node's global WebSocket by default). */
  connectWebSocket?: (url: string) => WebSocketLike;
  /** Prometheus registry; one is created when absent. */
  metrics?: Metrics;
};

export type Engine = {
  /** The configuration in force now (keys, limits and order can change while running). */
  readonly config: ResolvedConfig;
  /** Every provider call goes through here: the seam the scheduler uses. */
  readonly gateway: ProviderManager;
  readonly providerSetup: ProviderSetup;
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
  /** The current `alert` event payload (recent firings), for a new subscriber. */
  recentAlerts(): AlertEvent;
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

/** Provider calls are kept this long for the usage screens (windows need two days at most). */
export const USAGE_RETENTION_MS = 30 * 86_400_000;

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
  const alertsRepo = createAlertsRepo(db);
  const alerts = createAlertEvaluator({ clock, logger, events, repo: alertsRepo });

  const seed = Number(env.QUOTEDESK_SIMULATED_SEED ?? options.seed ?? 1);
  const simulated = createSimulatedProvider({
    seed: Number.isFinite(seed) ? seed : 1,
    clock,
    // The manager applies the configured limits; the feed itself does not count.
    limits: [],
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
  const providerTimeoutMs = options.providerTimeoutMs ?? 10_000;
  const usage = createUsageRepo(db);
  const manager = createProviderManager({
    clock,
    logger: logger.child({ component: 'providers' }),
    usage,
    requestTimeoutMs: providerTimeoutMs,
  });

  // Streamed trades are folded into quotes once a second, not one database write per trade.
  let trades: Trade[] = [];
  let tradeFlush: TimerHandle | undefined;
  const flushTrades = () => {
    tradeFlush = undefined;
    const batch = trades;
    trades = [];
    const folded = foldTrades(batch, (s) => cache.peek(s), clock.now());
    if (folded.length > 0) quotes.ingest('finnhub', folded);
  };
  const setup = createProviderSetup({
    env,
    settings: options.settings,
    secrets,
    clock,
    logger,
    fetch: options.fetch ?? fetch,
    manager,
    usage,
    simulated,
    requestTimeoutMs: providerTimeoutMs,
    onTrades: (t) => {
      trades.push(...t);
      tradeFlush ??= clock.setTimeout(flushTrades, 1000);
    },
    onRebuilt: (used) => {
      if (used.includes('simulated')) return;
      const dropped = quotes.dropSource('simulated');
      if (dropped > 0) logger.info({ dropped }, 'real providers took over: simulated quotes dropped');
    },
    ...(options.connectWebSocket ? { connectWebSocket: options.connectWebSocket } : {}),
  });
  setup.rebuild();

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

  const prioritySymbols = () => [
    ...new Set([...watchlistsRepo.allSymbols(), ...portfolioService.symbols(), ...INDEX_PROXIES]),
  ];

  const loop = createRefreshLoop({
    clock,
    logger,
    gateway: manager,
    quotes,
    prioritySymbols,
    allSymbols: symbolList,
    intervalMs: options.refreshIntervalMs ?? 1000,
  });

  const profiles = createProfileRefresher({
    clock,
    logger,
    db,
    manager,
    candidates: () => [
      ...new Set([
        ...prioritySymbols(),
        ...[...directory.values()].filter((s) => s.tier === 1).map((s) => s.symbol),
        ...[...directory.values()].filter((s) => s.tier === 2).map((s) => s.symbol),
      ]),
    ],
    onShares: (symbol, shares, now) => {
      const row = directory.get(symbol);
      if (!row) return;
      symbolsRepo.setSharesOutstanding(symbol, shares, now);
      directory.set(symbol, { ...row, sharesOutstanding: shares });
    },
    enabled: () => setup.feed() === 'live',
  });

  const startedAt = clock.now();
  let ready = false;
  let suspended = false;
  let maintenance: TimerHandle | undefined;
  const maintain = () => {
    const removed = quotes.pruneHistory();
    if (removed > 0) logger.info({ removed }, 'pruned old intraday history');
    // Calls older than the usage view's reach (and every window) are of no further use.
    const calls = usage.prune(clock.now() - USAGE_RETENTION_MS);
    if (calls > 0) logger.info({ calls }, 'pruned old provider usage');
    maintenance = clock.setTimeout(maintain, 3_600_000);
  };

  const status = (): MarketDataStatus => ({
    feed: setup.feed(),
    providers: setup.statuses(),
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
        if (ready && !suspended) setup.streamSymbols(prioritySymbols());
      },
    }),
    getMarketDataStatus: () => status(),
    ...createProviderHandlers(setup),
    ...createAlertHandlers({ clock, repo: alertsRepo, evaluator: alerts, isKnown }),
    ...createUniverseHandlers({ symbols: () => directory }),
    ...createUiSettingsHandlers(options.settings),
  };
  // Pauses, resumptions and breaker changes are pushed as they happen.
  manager.onChange(() => {
    if (ready) events.emit('status', status());
  });

  return {
    get config() {
      return setup.config();
    },
    gateway: manager,
    providerSetup: setup,
    api,
    events,
    db,
    start() {
      unwatchPortfolios = portfolioService.watch();
      maintain();
      loop.start();
      profiles.start();
      ready = true;
      setup.streamSymbols(prioritySymbols());
      return Promise.resolve();
    },
    async suspend() {
      if (!ready || suspended) return;
      suspended = true;
      // Asleep: no stream to keep alive, no profiles to fetch (windows and pauses stay as they are).
      setup.streamSymbols([]);
      profiles.stop();
      await loop.stop();
    },
    resume() {
      if (!ready || !suspended) return;
      suspended = false;
      loop.start();
      profiles.start();
      setup.streamSymbols(prioritySymbols());
    },
    async stop() {
      ready = false;
      unwatchPortfolios?.();
      clock.clearTimeout(maintenance);
      clock.clearTimeout(tradeFlush);
      profiles.stop();
      setup.close();
      manager.close();
      await loop.stop();
      alerts.stop();
      await manager.drained();
      db.close();
    },
    isReady: () => ready,
    status,
    snapshot: (symbols) => quotes.snapshot(symbols),
    recentAlerts: () => alerts.recent(),
    clock,
    logger,
    metrics,
    localApi,
    portfolioSymbols: () => portfolioService.symbols(),
    portfolioValuations: () => portfolioService.valuations(),
  };
}
