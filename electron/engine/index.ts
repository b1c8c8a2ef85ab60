// createEngine: the product's core (store, providers, refresh, events, handlers), plain Node.
import path from 'node:path';
import type {
  AlertEvent,
  Handlers,
  MarketDataStatus,
  MarketStatus,
  PortfolioValuation,
  UsageAlertEvent,
} from '../../shared/contract';
import type { HolidayMergeReport, ProviderHoliday } from '../../shared/market';
import type { Quote } from '../../shared/quote';
import { createAlertEvaluator } from './alert-evaluator';
import { createLocalApiState, type LocalApiState } from './api/state';
import { createSystemClock, sleep, type Clock, type TimerHandle } from './clock';
import { createEmptySecretStore, resolveConfig, type Env, type ResolvedConfig, type SecretStore } from './config';
import { createEventHub, type EventHub } from './events';
import { createAdminHandlers } from './handlers/admin';
import { createAlertHandlers } from './handlers/alerts';
import { createApiSettingsHandlers } from './handlers/api-settings';
import { createHealthHandlers } from './handlers/health';
import { createMarketHandlers } from './handlers/market';
import { createPortfolioService } from './handlers/portfolios';
import { createProviderHandlers } from './handlers/providers';
import { createQuoteHandlers } from './handlers/quotes';
import { createRefreshSettingsHandlers } from './handlers/refresh-settings';
import { createUiSettingsHandlers } from './handlers/ui-settings';
import { createUniverseHandlers } from './handlers/universe';
import { createWatchlistHandlers } from './handlers/watchlists';
import { createSilentLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { createHealthMonitor, type HealthMonitor } from './observability/health-monitor';
import { createLogRing, withLogRing, type LogRing } from './observability/log-ring';
import { instrumentEvents, instrumentIngest, instrumentRepo } from './observability/instrument';
import { createLogRedactor, type LogRedactor } from './observability/redact';
import type { Trade } from './providers/finnhub/parse';
import { foldTrades } from './providers/finnhub/trade-fold';
import type { WebSocketLike } from './providers/finnhub/trade-stream';
import type { QuoteGateway } from './providers/gateway';
import { createProviderManager, type ProviderManager } from './providers/manager/provider-manager';
import { createProviderSetup, type ProviderSetup } from './providers/manager/provider-setup';
import { createUsageRepo } from './providers/manager/usage-repo';
import {
  createSimulatedProvider,
  simulatedSymbolOf,
  type SimulatedSymbol,
} from './providers/simulated/simulated-provider';
import { createQuoteCache } from './quote-cache';
import { createQuoteService, defaultStaleness, type StalenessPolicy } from './quote-service';
import { createRefreshStack, SIMULATED_ASKS, type RefreshStack } from './scheduler/index';
import type { ScheduledTask } from './scheduler/timer';
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
import { createUsageAlerts } from './usage-alerts/index';

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
  /** Per-request budget for provider calls (connect, headers and body). */
  providerTimeoutMs?: number;
  /** WebSocket constructor for the Finnhub stream (Node's global WebSocket by default). */
  connectWebSocket?: (url: string) => WebSocketLike;
  /** Prometheus registry; one is created when absent. */
  metrics?: Metrics;
  /**
   * The app logger's ring (filled by its pino stream) and redactor (told the keys and tokens to
   * mask). Without it the engine wraps `logger` to keep its own ring of warnings and errors.
   */
  observability?: { ring: LogRing; redact: LogRedactor };
};

export type Engine = {
  /** The configuration in force now (keys, limits and order can change while running). */
  readonly config: ResolvedConfig;
  /** Every provider call goes through here: the seam the scheduler uses. */
  readonly gateway: ProviderManager;
  readonly providerSetup: ProviderSetup;
  /** Market clock, tiers, planner and scheduler (for simulations, tests and diagnostics). */
  readonly refresh: RefreshStack;
  readonly api: Handlers;
  readonly events: EventHub;
  readonly db: Db;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops refreshing while the machine sleeps; reads and the local API keep answering. */
  suspend(): Promise<void>;
  /** Refreshes again after suspend(): each tier that fell due catches up once. */
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
  /** The current `alert` event payload (recent firings), for a new subscriber. */
  recentAlerts(): AlertEvent;
  /** The current `usageAlert` event payload (active and recent usage alerts), for a new subscriber. */
  usageAlerts(): UsageAlertEvent;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Prometheus metrics: any module may add one (`engine.metrics.counter(...)`), /metrics serves them. */
  readonly metrics: Metrics;
  /** Tokens, their use and the bound port, shared by the settings handlers and the local API server. */
  readonly localApi: LocalApiState;
  /** Metrics behind /metrics and the health screen: its history, the last log errors. */
  readonly health: HealthMonitor;
  /** Every symbol held in a portfolio: pinned to tier 1 with the watchlists'. */
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

/** Provider holiday lists change a few times a year: one call a day is plenty. */
const HOLIDAY_REFRESH_MS = 86_400_000;

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
  const logRing = options.observability?.ring ?? createLogRing();
  const redact = options.observability?.redact ?? createLogRedactor();
  const logger = options.observability
    ? (options.logger ?? createSilentLogger())
    : withLogRing(options.logger ?? createSilentLogger(), { ring: logRing, now: () => clock.now(), redact });
  const env = options.env ?? {};
  const secrets: SecretStore = options.secrets ?? createEmptySecretStore();
  const config = resolveConfig(env, options.settings, secrets);
  // The keys and the admin token in force now, masked in every log line (set again once providers exist).
  const knownSecrets = {
    read: (): (string | undefined)[] => [config.keys.finnhub, config.keys.alphavantage, config.adminToken],
  };
  redact.setSecrets(() => [...knownSecrets.read(), options.settings.get().api.token]);
  for (const warning of config.warnings) logger.warn(warning);
  const metrics = options.metrics ?? createMetrics();
  const localApi = createLocalApiState(config);

  const db = openDatabase(path.join(options.dataDir, 'quotedesk.sqlite'));
  migrate(db, migrations);
  const cache = createQuoteCache();
  // The manager is created further down; the monitor reads its states only when asked.
  const late: { staleness?: StalenessPolicy; manager?: ProviderManager } = {};
  const startedAt = clock.now();
  const health = createHealthMonitor({
    clock,
    metrics,
    ring: logRing,
    providers: () => late.manager?.providers() ?? [],
    cache: () => cache.stats(),
    startedAt,
  });
  const symbolsRepo = createSymbolsRepo(db);
  const quotesRepo = instrumentRepo(
    createQuotesRepo(db),
    { write: 'quote_batch_write', get: 'quote_read', history: 'history_read' },
    (op, fn) => health.timeSqlite(op, fn),
  );
  const watchlistsRepo = createWatchlistsRepo(db);
  const portfoliosRepo = createPortfoliosRepo(db);
  const universe = loadUniverse(db, symbolsRepo, options.universeFiles, clock.now());
  logger.info({ symbols: universe.loaded, skipped: universe.skipped, changed: universe.changed }, 'universe loaded');

  const directory = new Map<string, SymbolRow>(symbolsRepo.all().map((s) => [s.symbol, s]));
  seedFirstWatchlist(db, watchlistsRepo, directory, clock.now());
  let simulatedUniverse: Map<string, SimulatedSymbol> | undefined;

  const events = instrumentEvents(createEventHub((err) => logger.error({ err: String(err) }, 'event listener failed')));
  // The staleness policy (late.staleness) comes from the refresh plan, which needs the quote service first.
  const quotes = instrumentIngest(
    createQuoteService({
      clock,
      logger,
      events,
      cache,
      quotes: quotesRepo,
      symbols: () => directory,
      staleAfter: (tier, now) => (late.staleness ? late.staleness(tier, now) : defaultStaleness(tier, now)),
    }),
    events,
    (n, storeMs, pushMs) => health.onBatch(n, storeMs, pushMs),
  );
  const alertsRepo = createAlertsRepo(db);
  const alerts = createAlertEvaluator({ clock, logger, events, repo: alertsRepo });

  const seed = Number(env.QUOTEDESK_SIMULATED_SEED ?? options.seed ?? 1);
  const simulated = createSimulatedProvider({
    seed: Number.isFinite(seed) ? seed : 1,
    clock,
    // The manager applies the configured limits; the feed itself does not count.
    limits: [],
    universe: () => {
      simulatedUniverse ??= new Map([...directory.values()].map((s) => [s.symbol, simulatedSymbolOf(s)]));
      return simulatedUniverse;
    },
  });
  const providerTimeoutMs = options.providerTimeoutMs ?? 10_000;
  const usage = instrumentRepo(
    createUsageRepo(db),
    { begin: 'usage_write', finish: 'usage_write', recent: 'usage_read', totalsSince: 'usage_read' },
    (op, fn) => health.timeSqlite(op, fn),
  );
  const manager = createProviderManager({
    clock,
    logger: logger.child({ component: 'providers' }),
    usage,
    requestTimeoutMs: providerTimeoutMs,
    onCall: (c) => health.onProviderCall(c),
  });
  late.manager = manager;

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
  // Filled once the refresh stack exists (a rebuild needs a new plan).
  const onProviders: { rebuilt?: () => void } = {};
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
      onProviders.rebuilt?.();
      if (used.includes('simulated')) return;
      const dropped = quotes.dropSource('simulated');
      if (dropped > 0) logger.info({ dropped }, 'real providers took over: simulated quotes dropped');
    },
    ...(options.connectWebSocket ? { connectWebSocket: options.connectWebSocket } : {}),
  });
  setup.rebuild();
  knownSecrets.read = () => {
    const c = setup.config();
    return [c.keys.finnhub, c.keys.alphavantage, c.adminToken];
  };
  const alwaysOpen = () => setup.feed() === 'simulated';

  /**
   * What the planner sees of the providers: the manager's capacities, except that a Finnhub
   * stream that is down carries nothing, so its symbols are planned as polled until it is back.
   */
  const streamDown = () => {
    const state = setup.info('finnhub').stream?.state;
    return state === 'reconnecting' || state === 'closed';
  };
  const gateway: QuoteGateway = {
    fetchQuotes: (symbols, priority, signal) => manager.fetchQuotes(symbols, priority, signal),
    nextSlotIn: (priority) => manager.nextSlotIn(priority),
    capacity: () =>
      manager
        .capacity()
        .map((c) =>
          c.streaming && c.streamSymbolCap > 0 && c.id === 'finnhub' && streamDown()
            ? { ...c, streaming: false, streamSymbolCap: 0 }
            : c,
        ),
  };

  let ready = false;
  let suspended = false;
  let statusTimer: TimerHandle | undefined;
  const pushStatus = () => {
    // Progress changes often; clients get at most one status push every five seconds.
    if (statusTimer || !ready) return;
    statusTimer = clock.setTimeout(() => {
      statusTimer = undefined;
      if (ready) events.emit('status', status());
    }, 5000);
  };

  /** The Finnhub stream carries what the plan streams (pinned symbols first); nothing while asleep. */
  let streamed = '';
  // A declaration: the plan may change while the stack is still being built.
  function syncStream() {
    const symbols = ready && !suspended ? stack.scheduler.streamedSymbols() : [];
    const key = symbols.join(',');
    if (key === streamed) return;
    streamed = key;
    setup.streamSymbols(symbols);
  }

  // Filled once the portfolio service exists (it needs the scheduler to fetch new holdings).
  const pins: { portfolios: () => Iterable<string> } = { portfolios: () => [] };

  /** Profiles cost a call each: only where a provider gives them without a daily allowance. */
  const profilesAvailable = () =>
    !alwaysOpen() && manager.capacity().some((c) => c.id !== 'simulated' && !c.limits.some((w) => w.unit === 'day'));
  const profileRecord = db.prepare(`
    INSERT INTO profile_refresh (symbol, refreshed_at, source, outcome) VALUES (?, ?, ?, ?)
    ON CONFLICT(symbol) DO UPDATE SET refreshed_at = excluded.refreshed_at, source = excluded.source,
      outcome = excluded.outcome
  `);
  const profileTimes = db.prepare("SELECT symbol, refreshed_at FROM profile_refresh WHERE outcome = 'ok'");

  const stack = createRefreshStack({
    db,
    clock,
    logger,
    gateway,
    profiles: {
      available: profilesAvailable,
      async fetch(symbol, priority, signal) {
        const r = await manager.fetchProfile(symbol, priority, signal ? { signal } : {});
        // No provider could give one now (paused, spent, none offers profiles): try again later.
        if (r === null) return null;
        profileRecord.run(
          symbol,
          clock.now(),
          r.source,
          r.value === null ? 'unknown' : r.value.sharesOutstanding === null ? 'error' : 'ok',
        );
        return r.value;
      },
      refreshedAt: () =>
        new Map(
          (profileTimes.all() as { symbol: string; refreshed_at: number }[]).map((r) => [r.symbol, r.refreshed_at]),
        ),
    },
    quotes,
    latestQuote: (s) => cache.peek(s),
    symbols: symbolsRepo,
    directory,
    pinned: function* () {
      yield* watchlistsRepo.allSymbols();
      yield* pins.portfolios();
      yield* INDEX_PROXIES;
    },
    extendedHours: () => options.settings.get().extendedHours,
    alwaysOpen,
    onProgress: pushStatus,
    onPlan: () => {
      pushStatus();
      syncStream();
    },
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

  const portfolioService = createPortfolioService({
    clock,
    portfolios: portfoliosRepo,
    isKnown: (s) => directory.has(s),
    quotes: (symbols) => quotes.snapshot(symbols),
    events,
    onChange: onPinsChanged,
  });
  pins.portfolios = () => portfolioService.symbols();
  let unwatchPortfolios: (() => void) | undefined;

  // Keys, limits or order changed: a new plan at once (a live feed closes the simulated market).
  onProviders.rebuilt = () => {
    stack.scheduler.replanNow();
    if (ready && !suspended) void refreshHolidays();
  };

  /** Finnhub knows unscheduled closures first: its holiday list is merged into the market clock. */
  let holidayTimer: TimerHandle | undefined;
  let holidaysFetchedAt = -Infinity;
  let holidaysKey = '';
  const refreshHolidays = async () => {
    clock.clearTimeout(holidayTimer);
    holidayTimer = undefined;
    const cfg = setup.config();
    const key = cfg.providers.includes('finnhub') && cfg.keys.finnhub ? cfg.keys.finnhub : '';
    if (key === '' || !ready || suspended) return;
    const now = clock.now();
    if (key === holidaysKey && now - holidaysFetchedAt < HOLIDAY_REFRESH_MS) {
      holidayTimer = clock.setTimeout(() => void refreshHolidays(), holidaysFetchedAt + HOLIDAY_REFRESH_MS - now);
      return;
    }
    holidaysKey = key;
    holidaysFetchedAt = now;
    try {
      const r = await manager.marketHolidays();
      if (r && ready) {
        stack.mergeProviderHolidays(
          r.value.map((h) => ({ eventName: h.name, atDate: h.date, tradingHour: h.tradingHours ?? '' })),
        );
      }
    } catch (err) {
      logger.warn({ err: String(err) }, 'provider holidays could not be fetched; the NYSE rules serve alone');
    }
    if (ready && !suspended) holidayTimer = clock.setTimeout(() => void refreshHolidays(), HOLIDAY_REFRESH_MS);
  };

  const marketStatus = () => stack.market.status(clock.now());
  let marketTask: ScheduledTask | undefined;
  const pushMarket = () => {
    const s = marketStatus();
    events.emit('market', s);
    // The next change of session, plus a second so the answer is the new session.
    marketTask = stack.timer.at(Date.parse(s.nextChange) + 1000, pushMarket);
  };

  let maintenance: TimerHandle | undefined;
  const maintain = () => {
    const removed = quotes.pruneHistory();
    if (removed > 0) logger.info({ removed }, 'pruned old intraday history');
    // Calls older than the usage view's reach (and every window) are of no further use.
    const calls = usage.prune(clock.now() - USAGE_RETENTION_MS);
    if (calls > 0) logger.info({ calls }, 'pruned old provider usage');
    stack.repo.prune(clock.now());
    maintenance = clock.setTimeout(maintain, 3_600_000);
  };

  const status = (): MarketDataStatus => ({
    feed: setup.feed(),
    providers: setup.statuses(),
    cache: quotes.cacheStats(),
    symbols: directory.size,
    quoted: quotes.quotedCount(),
    startedAt: new Date(startedAt).toISOString(),
    plan: stack.scheduler.plan(),
    scheduler: stack.scheduler.status(),
    market: marketStatus(),
  });

  // Usage alerts (windows, predicted breaches, providers down, stale tier 1) and daily usage reports.
  const usageAlerts = createUsageAlerts({
    ...{ db, clock, logger, events, env, settings: options.settings, fetch: options.fetch ?? fetch, manager },
    ...{ market: stack.market, alwaysOpen, extendedHours: () => options.settings.get().extendedHours, directory },
    ...{ fetchedAt: (s: string) => cache.peek(s)?.fetchedAt, staleAfter: stack.staleness },
    limitsFor: (p) => setup.config().limits[p],
  });

  const isKnown = (s: string) => directory.has(s);
  const api: Handlers = {
    ...portfolioService.handlers,
    ...createApiSettingsHandlers({ clock, logger, settings: options.settings, config, state: localApi }),
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
      feed: () => setup.feed(),
      extendedHours: () => options.settings.get().extendedHours,
    }),
    getMarketDataStatus: () => status(),
    ...createProviderHandlers(setup),
    ...createAlertHandlers({ clock, repo: alertsRepo, evaluator: alerts, isKnown }),
    ...createUniverseHandlers({ symbols: () => directory }),
    ...createUiSettingsHandlers(options.settings),
    ...createRefreshSettingsHandlers({ settings: options.settings, replan: () => stack.scheduler.replanNow() }),
    ...createHealthHandlers(health),
    ...usageAlerts.handlers,
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
    refresh: stack,
    api,
    events,
    db,
    start() {
      unwatchPortfolios = portfolioService.watch();
      maintain();
      stack.scheduler.start();
      ready = true;
      syncStream();
      pushMarket();
      void refreshHolidays();
      health.start();
      usageAlerts.start();
      return Promise.resolve();
    },
    async suspend() {
      if (!ready || suspended) return;
      suspended = true;
      // Asleep: no stream to keep alive. Runs and cursors stay persisted, windows and pauses as they are.
      syncStream();
      clock.clearTimeout(holidayTimer);
      holidayTimer = undefined;
      usageAlerts.monitor.stop();
      await stack.scheduler.stop();
    },
    resume() {
      if (!ready || !suspended) return;
      suspended = false;
      // Each tier that fell due while asleep catches up once; the cadence restarts from now.
      stack.scheduler.start();
      syncStream();
      void refreshHolidays();
      usageAlerts.monitor.start();
    },
    async stop() {
      ready = false;
      health.stop();
      unwatchPortfolios?.();
      clock.clearTimeout(maintenance);
      clock.clearTimeout(statusTimer);
      clock.clearTimeout(tradeFlush);
      clock.clearTimeout(holidayTimer);
      stack.timer.cancel(marketTask);
      setup.close();
      await stack.scheduler.stop();
      manager.close();
      alerts.stop();
      usageAlerts.stop();
      await manager.drained();
      stack.timer.stop();
      db.close();
    },
    isReady: () => ready,
    status,
    marketStatus,
    mergeProviderHolidays: (entries) => stack.mergeProviderHolidays(entries),
    snapshot: (symbols) => quotes.snapshot(symbols),
    recentAlerts: () => alerts.recent(),
    usageAlerts: () => usageAlerts.event(),
    clock,
    logger,
    metrics,
    health,
    localApi,
    portfolioSymbols: () => portfolioService.symbols(),
    portfolioValuations: () => portfolioService.valuations(),
  };
}
