// Owns the engine's health figures: the quotedesk_* metrics, a sampled history and the summary call.
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { CacheStats, HealthSample, HealthSummary, HandlerInput } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import type { Clock } from '../clock';
import type { Metrics } from '../metrics';
import type { CallRecord, ProviderState } from '../providers/manager/provider-manager';
import type { ProviderErrorKind } from '../providers/types';
import type { LogRing } from './log-ring';

export type ErrorKindLabel = 'timeout' | 'http_5xx' | 'rate_limited' | 'auth' | 'parse' | 'network' | 'other';

/** The provider's own error kinds folded into the few an operator acts on. */
export function errorKindLabel(kind: ProviderErrorKind): ErrorKindLabel {
  switch (kind) {
    case 'timeout':
      return 'timeout';
    case 'server':
      return 'http_5xx';
    case 'rate_limited':
    case 'daily_limit':
      return 'rate_limited';
    case 'auth':
    case 'premium':
      return 'auth';
    case 'malformed':
      return 'parse';
    case 'network':
      return 'network';
    default:
      return 'other';
  }
}

/** Which SQLite work is timed: one observation per batch or query, never per row. */
export type SqliteOp = 'quote_batch_write' | 'quote_read' | 'history_read' | 'usage_write' | 'usage_read';

export const HEALTH_INTERVAL_MS = 10_000;
/** One hour of samples. */
export const HEALTH_HISTORY_SIZE = 360;
/** Durations kept per interval for its percentiles: bounded whatever the call rate. */
const MAX_DURATIONS = 2_000;

/** Sampling step of the event-loop monitor (ms): small enough to see a 20 ms stall. */
const LOOP_RESOLUTION_MS = 10;

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export type HealthMonitorDeps = {
  clock: Clock;
  metrics: Metrics;
  ring: LogRing;
  providers: () => ProviderState[];
  cache: () => CacheStats;
  startedAt: number;
  intervalMs?: number;
  historySize?: number;
  memoryUsage?: () => Pick<NodeJS.MemoryUsage, 'heapUsed' | 'heapTotal' | 'rss'>;
};

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;

/** The p-th percentile (0..100) of a list of numbers (nearest rank); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? null;
}

const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

export function createHealthMonitor(deps: HealthMonitorDeps) {
  const { clock, metrics, ring } = deps;
  const intervalMs = deps.intervalMs ?? HEALTH_INTERVAL_MS;
  const historySize = deps.historySize ?? HEALTH_HISTORY_SIZE;
  const memoryUsage = deps.memoryUsage ?? (() => process.memoryUsage());

  const calls = metrics.counter(
    'quotedesk_provider_calls_total',
    'Provider calls that ended, by provider, endpoint and outcome (ok, error, aborted)',
    ['provider', 'endpoint', 'outcome'],
  );
  const errors = metrics.counter(
    'quotedesk_provider_errors_total',
    'Failed provider calls by kind: timeout, http_5xx, rate_limited, auth, parse, network, other',
    ['provider', 'kind'],
  );
  const callSeconds = metrics.histogram(
    'quotedesk_provider_call_duration_seconds',
    'Provider call time, from leaving the queue to the answer (the refresh\'s "provider" stage)',
    ['provider', 'endpoint'],
  );
  const refreshSeconds = metrics.histogram(
    'quotedesk_refresh_stage_seconds',
    'A quote batch after the provider answered: stored (validation and SQLite transaction), pushed (handed to IPC and stream clients)',
    ['stage'],
  );
  const sqliteSeconds = metrics.histogram(
    'quotedesk_sqlite_query_seconds',
    'SQLite work per batch or query: quote_batch_write, quote_read, history_read, usage_write, usage_read',
    ['op'],
  );
  const quotesStored = metrics.counter('quotedesk_quotes_stored_total', 'Quotes written by ingest batches');

  // The event loop's delay, reset at every sample so the figures are the last interval's.
  // The histogram records the time between its timer's ticks, so an idle loop reads as the
  // resolution itself: the delay is what comes on top of it.
  let loop: IntervalHistogram | undefined;
  const loopMs = (p: number) => {
    if (!loop || loop.count === 0) return 0;
    return Math.max(0, loop.percentile(p) / 1e6 - LOOP_RESOLUTION_MS);
  };

  metrics.gaugesFrom(
    'quotedesk_provider_limit_use_ratio',
    'Share of each rate-limit window in use now (0..1), counted as the provider counts',
    ['provider', 'window'],
    () =>
      deps
        .providers()
        .flatMap((p) =>
          p.usage.map((u) => [
            { provider: p.id, window: `${u.window.limit}/${u.window.unit}` },
            u.window.limit > 0 ? u.used / u.window.limit : 0,
          ]),
        ),
  );
  metrics.gaugesFrom(
    'quotedesk_provider_breaker_state',
    'Circuit breaker per provider: 0 closed, 1 half-open, 2 open',
    ['provider'],
    () => deps.providers().map((p) => [{ provider: p.id }, BREAKER_VALUE[p.breaker]]),
  );
  metrics.gaugesFrom(
    'quotedesk_provider_up',
    'Provider state: 1 when calls go out (ok), 0 when paused or down',
    ['provider', 'state'],
    () => deps.providers().map((p) => [{ provider: p.id, state: p.state }, p.state === 'ok' ? 1 : 0]),
  );
  metrics.gaugesFrom(
    'quotedesk_event_loop_delay_seconds',
    'Event-loop delay over the last sampling interval (perf_hooks monitorEventLoopDelay)',
    ['quantile'],
    () => [
      [{ quantile: '0.5' }, loopMs(50) / 1000],
      [{ quantile: '0.99' }, loopMs(99) / 1000],
    ],
  );
  metrics.gaugesFrom('quotedesk_memory_bytes', 'Engine process memory: heap_used, heap_total, rss', ['kind'], () => {
    const m = memoryUsage();
    return [
      [{ kind: 'heap_used' }, m.heapUsed],
      [{ kind: 'heap_total' }, m.heapTotal],
      [{ kind: 'rss' }, m.rss],
    ];
  });
  metrics.gaugeFrom(
    'quotedesk_quote_cache_hit_ratio',
    'Quote reads answered from the cache since start (0..1)',
    () => deps.cache().hitRatio,
  );
  metrics.counterFrom('quotedesk_log_warnings_total', 'Warnings logged since start', () => ring.counts().warn);
  metrics.counterFrom('quotedesk_log_errors_total', 'Errors logged since start', () => ring.counts().error);

  // Since-start totals for the summary (the metrics hold the same, by label).
  const perProvider = new Map<ProviderId, { calls: number; errors: number; kinds: Map<string, number> }>();
  // This interval's figures, folded into a sample and reset.
  let window = {
    calls: new Map<ProviderId, number>(),
    errors: 0,
    provider: [] as number[],
    store: [] as number[],
    push: [] as number[],
    ingest: [] as number[],
  };
  let lastCache = deps.cache();
  let lastSampleAt = clock.now();
  let lastRefresh = {
    providerP95Ms: null as number | null,
    storeP95Ms: null as number | null,
    pushP95Ms: null as number | null,
  };
  let batches = 0;
  const history: HealthSample[] = [];

  const keep = (list: number[], v: number) => {
    if (list.length < MAX_DURATIONS) list.push(v);
  };

  const sample = (): HealthSample => {
    const now = clock.now();
    const minutes = Math.max(1e-9, (now - lastSampleAt) / 60_000);
    const cache = deps.cache();
    const reads = cache.hits + cache.misses - (lastCache.hits + lastCache.misses);
    const hits = cache.hits - lastCache.hits;
    const m = memoryUsage();
    const ids = new Set<ProviderId>([...deps.providers().map((p) => p.id), ...perProvider.keys()]);
    const storeP95 = percentile(window.store, 95);
    const pushP95 = percentile(window.push, 95);
    const s: HealthSample = {
      at: new Date(now).toISOString(),
      callsPerMinute: [...ids].map((provider) => ({
        provider,
        value: round((window.calls.get(provider) ?? 0) / minutes) ?? 0,
      })),
      errorsPerMinute: round(window.errors / minutes) ?? 0,
      cacheHitRatio: reads > 0 ? round(hits / reads, 4) : null,
      eventLoopP50Ms: round(loopMs(50)) ?? 0,
      eventLoopP99Ms: round(loopMs(99)) ?? 0,
      heapUsedBytes: m.heapUsed,
      rssBytes: m.rss,
      providerP95Ms: round(percentile(window.provider, 95)),
      ingestP95Ms: round(percentile(window.ingest, 95)),
    };
    lastRefresh = {
      providerP95Ms: s.providerP95Ms,
      storeP95Ms: round(storeP95, 3),
      pushP95Ms: round(pushP95, 3),
    };
    history.push(s);
    if (history.length > historySize) history.splice(0, history.length - historySize);
    window = { calls: new Map(), errors: 0, provider: [], store: [], push: [], ingest: [] };
    lastCache = cache;
    lastSampleAt = now;
    loop?.reset();
    return s;
  };

  /**
   * Samples are taken when something happens (a provider call, a stored batch, a read of the
   * summary) once an interval has passed, not by a timer: a timer every 10 s would be 8,640 extra
   * wake-ups in a simulated day, each one settled before the clock moves on.
   */
  let running = false;
  const roll = () => {
    if (running && clock.now() - lastSampleAt >= intervalMs) sample();
  };

  return {
    onProviderCall(r: CallRecord) {
      roll();
      calls.inc({ provider: r.provider, endpoint: r.endpoint, outcome: r.outcome });
      const seconds = r.durationMs / 1000;
      callSeconds.observe({ provider: r.provider, endpoint: r.endpoint }, seconds);
      let total = perProvider.get(r.provider);
      if (!total) {
        total = { calls: 0, errors: 0, kinds: new Map() };
        perProvider.set(r.provider, total);
      }
      total.calls++;
      window.calls.set(r.provider, (window.calls.get(r.provider) ?? 0) + 1);
      keep(window.provider, r.durationMs);
      if (r.outcome === 'error' && r.kind) {
        const kind = errorKindLabel(r.kind);
        errors.inc({ provider: r.provider, kind });
        total.errors++;
        total.kinds.set(kind, (total.kinds.get(kind) ?? 0) + 1);
        window.errors++;
      }
    },
    /** A quote batch was stored (ms of validation + transaction) and pushed (ms of hand-off). */
    onBatch(quotes: number, storeMs: number, pushMs: number) {
      roll();
      batches++;
      quotesStored.inc(quotes);
      refreshSeconds.observe({ stage: 'store' }, storeMs / 1000);
      refreshSeconds.observe({ stage: 'push' }, pushMs / 1000);
      keep(window.store, storeMs);
      keep(window.push, pushMs);
      keep(window.ingest, storeMs + pushMs);
    },
    observeSqlite(op: SqliteOp, ms: number) {
      sqliteSeconds.observe({ op }, ms / 1000);
    },
    /** Runs fn and records its real time under `op` (SQLite work is CPU time, not the engine's clock). */
    timeSqlite<T>(op: SqliteOp, fn: () => T): T {
      const t0 = performance.now();
      try {
        return fn();
      } finally {
        sqliteSeconds.observe({ op }, (performance.now() - t0) / 1000);
      }
    },
    start() {
      if (running) return;
      running = true;
      loop ??= monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      loop.enable();
      lastSampleAt = clock.now();
      lastCache = deps.cache();
    },
    stop() {
      running = false;
      loop?.disable();
    },
    /** Takes a sample now, whatever the time since the last one (tests, benchmarks). */
    sample,
    summary(input: HandlerInput<'getHealthSummary'>): HealthSummary {
      roll();
      const now = clock.now();
      const m = memoryUsage();
      const entries = ring
        .entries()
        .filter((e) => input.logLevel === undefined || e.level === input.logLevel)
        .slice(0, input.logLimit)
        .map((e) => ({ ...e, time: new Date(e.time).toISOString() }));
      const counts = ring.counts();
      return {
        at: new Date(now).toISOString(),
        startedAt: new Date(deps.startedAt).toISOString(),
        uptimeSeconds: Math.max(0, Math.round((now - deps.startedAt) / 1000)),
        current: {
          heapUsedBytes: m.heapUsed,
          heapTotalBytes: m.heapTotal,
          rssBytes: m.rss,
          eventLoopP50Ms: round(loopMs(50)) ?? 0,
          eventLoopP99Ms: round(loopMs(99)) ?? 0,
          cache: deps.cache(),
          refresh: lastRefresh,
          batches,
        },
        providers: deps.providers().map((p) => {
          const t = perProvider.get(p.id);
          return {
            id: p.id,
            state: p.state,
            breaker: p.breaker,
            reason: p.reason,
            calls: t?.calls ?? 0,
            errors: t?.errors ?? 0,
            errorsByKind: [...(t?.kinds ?? new Map<string, number>())].map(([kind, count]) => ({ kind, count })),
            windows: p.usage.map((u) => ({
              unit: u.window.unit,
              limit: u.window.limit,
              used: u.used,
              ratio: round(u.used / u.window.limit, 4) ?? 0,
            })),
          };
        }),
        history: { intervalSeconds: Math.round(intervalMs / 1000), samples: [...history] },
        logs: { capacity: ring.capacity, warnings: counts.warn, errors: counts.error, entries },
      };
    },
  };
}
