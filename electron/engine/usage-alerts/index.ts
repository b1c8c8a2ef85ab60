// Wires usage alerts into the engine: the monitor, the webhook, the daily reports and their handlers.
import type { Handlers, RateWindow, usageAlertEndpoints, UsageAlertEvent } from '../../../shared/contract';
import { createUsageAlertHandlers, WEBHOOK_ENV } from '../handlers/usage-alerts';
import type { MarketClock } from '../../../shared/market';
import type { ProviderId, Tier } from '../../../shared/quote';
import type { Clock } from '../clock';
import type { Env } from '../config';
import type { EventHub } from '../events';
import type { Logger } from '../logger';
import type { ProviderManager } from '../providers/manager/provider-manager';
import type { SettingsStore } from '../settings-store';
import type { Db } from '../store/db';
import type { SymbolRow } from '../store/symbols-repo';
import { createDailyReports, type DailyReports } from './daily-report';
import { createUsageAlertMonitor, type UsageAlertMonitor } from './monitor';
import type { ActiveTime, ProviderView, StaleTier1 } from './rules';
import { createUsageAlertsRepo } from './usage-alerts-repo';
import { createWebhookSender, webhookTarget, type WebhookSender } from './webhook';

export { WEBHOOK_ENV };

export type UsageAlertsDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventHub;
  env: Env;
  settings: SettingsStore;
  fetch: typeof fetch;
  manager: ProviderManager;
  market: MarketClock;
  /** The simulated feed's market never closes. */
  alwaysOpen: () => boolean;
  extendedHours: () => boolean;
  /** Every symbol with its tier, and when its stored quote was fetched. */
  directory: ReadonlyMap<string, SymbolRow>;
  fetchedAt: (symbol: string) => number | undefined;
  /** The session-aware staleness bound of a tier now (quote-service's rule). */
  staleAfter: (tier: Tier, now: number) => number;
  limitsFor: (provider: ProviderId) => RateWindow[];
  webhookTimeoutMs?: number;
};

export type UsageAlerts = {
  handlers: Pick<Handlers, keyof typeof usageAlertEndpoints>;
  monitor: UsageAlertMonitor;
  reports: DailyReports;
  webhook: WebhookSender;
  event(): UsageAlertEvent;
  start(): void;
  stop(): void;
};

/**
 * When the scheduler polls (regular session, pre/post with extended hours, always on the simulated
 * feed), and when `needMs` of such polled time has passed after `now` (Infinity if not within two weeks).
 */
export function createSessionTime(
  market: MarketClock,
  alwaysOpen: () => boolean,
  extendedHours: () => boolean,
): { polling: (now: number) => boolean; activeTime: ActiveTime } {
  const polledSession = (session: string) =>
    session === 'regular' || ((session === 'pre' || session === 'post') && extendedHours());
  return {
    polling: (now) => alwaysOpen() || polledSession(market.sessionAt(now)),
    activeTime: (now, needMs) => {
      if (alwaysOpen()) return now + needMs;
      let acc = 0;
      for (const w of market.sessionsBetween(now, now + 14 * 86_400_000)) {
        if (!polledSession(w.session)) continue;
        const start = Math.max(w.start, now);
        const span = w.end - start;
        if (span <= 0) continue;
        if (acc + span >= needMs) return start + (needMs - acc);
        acc += span;
      }
      return Infinity;
    },
  };
}

export function createUsageAlerts(deps: UsageAlertsDeps): UsageAlerts {
  const { db, clock, logger: parent, events, env, settings, manager, market } = deps;
  const logger = parent.child({ component: 'usage-alerts' });
  const repo = createUsageAlertsRepo(db);

  const envWebhook = () => {
    const v = env[WEBHOOK_ENV]?.trim();
    return v ? v : null;
  };
  const webhookUrl = () => envWebhook() ?? settings.get().alertWebhook ?? null;
  if (envWebhook() && !webhookTarget(envWebhook())) {
    logger.warn({ variable: WEBHOOK_ENV }, 'the alert webhook must be an http:// or https:// URL: ignored');
  }
  const webhook = createWebhookSender({
    clock,
    fetch: deps.fetch,
    logger,
    url: () => (webhookTarget(webhookUrl()) ? webhookUrl() : null),
    ...(deps.webhookTimeoutMs ? { timeoutMs: deps.webhookTimeoutMs } : {}),
  });

  const callsSince = db.prepare(
    'SELECT COALESCE(SUM(cost), 0) AS n FROM api_usage WHERE provider = ? AND started_at >= ?',
  );

  const { polling, activeTime } = createSessionTime(market, deps.alwaysOpen, deps.extendedHours);

  const staleTier1 = (now: number): StaleTier1 => {
    const bound = deps.staleAfter(1, now);
    let stale = 0;
    let total = 0;
    let oldest = 0;
    for (const [symbol, row] of deps.directory) {
      if (row.tier !== 1) continue;
      const at = deps.fetchedAt(symbol);
      if (at === undefined) continue;
      total++;
      const age = now - at;
      if (age > bound) {
        stale++;
        oldest = Math.max(oldest, age);
      }
    }
    return { stale, total, boundMs: bound, oldestAgeMs: oldest };
  };

  const providers = (): ProviderView[] =>
    manager.providers().map((p) => ({
      id: p.id,
      state: p.state,
      breaker: p.breaker,
      pauseKind: p.pauseKind,
      pausedUntil: p.pausedUntil,
      reason: p.reason,
      windows: p.usage,
    }));

  const monitor = createUsageAlertMonitor({
    clock,
    logger,
    events,
    repo,
    providers,
    callsSince: (p, from) => (callsSince.get(p, from) as { n: number }).n,
    polling,
    activeTime,
    staleTier1,
    deliver: (text) => webhook.send(text),
  });

  const reports = createDailyReports({ db, repo, clock, logger, limitsFor: deps.limitsFor });

  const handlers = createUsageAlertHandlers({ repo, reports, webhook, settings, logger, envWebhook });

  let offChange: (() => void) | undefined;
  let offQuote: (() => void) | undefined;
  return {
    handlers,
    monitor,
    reports,
    webhook,
    event: () => monitor.event(),
    start() {
      // Provider state and usage change with calls: evaluate soon after (debounced, cheap).
      offChange = manager.onChange(() => monitor.poke());
      offQuote = events.on('quote', () => monitor.poke());
      monitor.start();
      reports.start();
    },
    stop() {
      offChange?.();
      offQuote?.();
      monitor.stop();
      reports.stop();
      webhook.stop();
    },
  };
}
