// Daily usage reports: one per New York day from the usage tables, stored after midnight (missed days on start).
import type {
  DailyUsageReport,
  ProviderDayUsage,
  RateWindow,
  UsageReportRow,
  UsageReports,
  WindowPeak,
} from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logger';
import { dateIn, dayStartIn, NEW_YORK, nextDayStartIn, zonedTime } from '../providers/zoned-time';
import { HISTORY_RETENTION_MS } from '../quote-service';
import type { Db } from '../store/db';
import type { UsageAlertsRepo } from './usage-alerts-repo';

/** A missed stretch is reported this far back at most (the usage table keeps 30 days). */
export const REPORT_CATCH_UP_DAYS = 30;
/** The report of a day is made this long after its midnight (a clock a little fast never cuts it short). */
export const REPORT_DELAY_MS = 60_000;
/** Timers are capped so a machine that slept past midnight reports soon after it wakes. */
const MAX_WAIT_MS = 15 * 60_000;

const iso = (t: number) => new Date(t).toISOString();

/** The New York day `date` as [start, end) in epoch ms: 23 or 25 hours on DST days. */
export function dayBounds(date: string): { from: number; to: number } {
  const from = zonedTime(date, 0, 0, NEW_YORK);
  return { from, to: nextDayStartIn(from, NEW_YORK) };
}

/** The New York date after `date`. */
export function nextDate(date: string): string {
  return dateIn(dayBounds(date).to, NEW_YORK);
}

/** Most calls in any `windowMs` span of sorted times (two pointers). */
export function slidingPeak(times: readonly number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

function joinCounts(entries: [string, number][]): string {
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k}:${n}`)
    .join('; ');
}

export type DailyReportsDeps = {
  db: Db;
  repo: UsageAlertsRepo;
  clock: Clock;
  logger: Logger;
  /** The plan's windows of a provider now (peaks are measured against them). */
  limitsFor: (provider: ProviderId) => RateWindow[];
};

export type DailyReports = ReturnType<typeof createDailyReports>;

export function createDailyReports(deps: DailyReportsDeps) {
  const { db, repo, clock, logger } = deps;
  const byEndpoint = db.prepare(`
    SELECT provider, endpoint, COUNT(*) AS calls,
      SUM(CASE WHEN status IN ('error', 'abandoned') THEN 1 ELSE 0 END) AS errors
    FROM api_usage WHERE started_at >= ? AND started_at < ? GROUP BY provider, endpoint
  `);
  const byKind = db.prepare(`
    SELECT provider, COALESCE(error_kind, status) AS kind, COUNT(*) AS n
    FROM api_usage WHERE started_at >= ? AND started_at < ? AND status IN ('error', 'abandoned')
    GROUP BY provider, kind
  `);
  // Refusals for exceeding a limit: HTTP 429, or a 200 whose body says so (Alpha Vantage).
  const limited = db.prepare(`
    SELECT provider, COUNT(*) AS n FROM api_usage
    WHERE started_at >= ? AND started_at < ?
      AND (http_status = 429 OR error_kind IN ('rate_limited', 'daily_limit'))
    GROUP BY provider
  `);
  const answerTimes = db.prepare(`
    SELECT COALESCE(finished_at, started_at) AS t FROM api_usage
    WHERE provider = ? AND COALESCE(finished_at, started_at) >= ? AND COALESCE(finished_at, started_at) < ?
    ORDER BY t
  `);
  const refreshed = db.prepare('SELECT COUNT(DISTINCT symbol) AS n FROM quote_history WHERE ts >= ? AND ts < ?');
  const priceAlerts = db.prepare('SELECT COUNT(*) AS n FROM alert_history WHERE fired_at >= ? AND fired_at < ?');
  const firstCall = db.prepare('SELECT MIN(started_at) AS t FROM api_usage');

  const compute = (date: string, complete: boolean): DailyUsageReport => {
    const now = clock.now();
    const { from, to } = dayBounds(date);
    const providers = new Map<ProviderId, ProviderDayUsage>();
    const entry = (p: ProviderId) => {
      let e = providers.get(p);
      if (!e) {
        e = { provider: p, calls: 0, errors: 0, rateLimited: 0, errorsByKind: {}, endpoints: [], peaks: [] };
        providers.set(p, e);
      }
      return e;
    };
    for (const r of byEndpoint.all(from, to) as {
      provider: ProviderId;
      endpoint: string;
      calls: number;
      errors: number;
    }[]) {
      const e = entry(r.provider);
      e.calls += r.calls;
      e.errors += r.errors;
      e.endpoints.push({ endpoint: r.endpoint, calls: r.calls, errors: r.errors });
    }
    for (const r of byKind.all(from, to) as { provider: ProviderId; kind: string; n: number }[]) {
      entry(r.provider).errorsByKind[r.kind] = r.n;
    }
    for (const r of limited.all(from, to) as { provider: ProviderId; n: number }[]) {
      entry(r.provider).rateLimited = r.n;
    }
    for (const e of providers.values()) {
      e.endpoints.sort((a, b) => b.calls - a.calls || a.endpoint.localeCompare(b.endpoint));
      const times = (answerTimes.all(e.provider, from, to) as { t: number }[]).map((r) => r.t);
      e.peaks = deps.limitsFor(e.provider).map((w): WindowPeak => {
        const peak = w.unit === 'day' ? times.length : slidingPeak(times, w.windowMs);
        return { unit: w.unit, windowMs: w.windowMs, limit: w.limit, peak, share: peak / w.limit };
      });
    }
    const list = [...providers.values()].sort((a, b) => b.calls - a.calls || a.provider.localeCompare(b.provider));
    // History is pruned after a few days: an older day's count would be a guess.
    const historyKept = from >= now - HISTORY_RETENTION_MS;
    return {
      date,
      complete,
      from: iso(from),
      to: iso(to),
      calls: list.reduce((n, e) => n + e.calls, 0),
      errors: list.reduce((n, e) => n + e.errors, 0),
      rateLimited: list.reduce((n, e) => n + e.rateLimited, 0),
      symbolsRefreshed: historyKept ? (refreshed.get(from, to) as { n: number }).n : null,
      usageAlertsFired: repo.firedBetween(from, to),
      priceAlertsFired: (priceAlerts.get(from, to) as { n: number }).n,
      providers: list,
      createdAt: iso(now),
    };
  };

  /** Stores the report of every finished day not reported yet (at most 30 back); returns their dates. */
  const runDue = (): string[] => {
    const now = clock.now();
    const today = dateIn(now - REPORT_DELAY_MS, NEW_YORK);
    const last = repo.lastReportDate();
    let date: string;
    if (last !== null) {
      date = nextDate(last);
    } else {
      // A first report starts with the first day anything was recorded.
      const first = (firstCall.get() as { t: number | null }).t;
      if (first === null) return [];
      date = dateIn(first, NEW_YORK);
    }
    const floor = dateIn(dayStartIn(now, NEW_YORK) - REPORT_CATCH_UP_DAYS * 86_400_000, NEW_YORK);
    if (date < floor) date = floor;
    const done: string[] = [];
    while (date < today) {
      const report = compute(date, true);
      repo.putReport(report, now);
      done.push(date);
      date = nextDate(date);
    }
    if (done.length > 0) logger.info({ days: done }, 'daily usage reports stored');
    return done;
  };

  let timer: TimerHandle | undefined;
  const schedule = () => {
    const now = clock.now();
    const due = nextDayStartIn(now - REPORT_DELAY_MS, NEW_YORK) + REPORT_DELAY_MS;
    timer = clock.setTimeout(tick, Math.max(1000, Math.min(MAX_WAIT_MS, due - now)));
  };
  function tick() {
    try {
      runDue();
    } catch (err) {
      logger.error({ err: String(err) }, 'daily usage report failed; tried again later');
    }
    schedule();
  }

  const rowsOf = (r: DailyUsageReport): UsageReportRow[] => {
    const peakText = (peaks: WindowPeak[]) =>
      peaks.map((p) => `${p.limit}/${p.unit}: ${p.peak} (${Math.round(p.share * 100)}%)`).join('; ');
    const perProvider = r.providers.map((p): UsageReportRow => ({
      date: r.date,
      complete: r.complete,
      provider: p.provider,
      calls: p.calls,
      errors: p.errors,
      rateLimited: p.rateLimited,
      errorsByKind: joinCounts(Object.entries(p.errorsByKind)),
      endpoints: joinCounts(p.endpoints.map((e) => [e.endpoint, e.calls])),
      peakUse: peakText(p.peaks),
      symbolsRefreshed: null,
      usageAlertsFired: 0,
      priceAlertsFired: 0,
    }));
    const kinds = new Map<string, number>();
    for (const p of r.providers)
      for (const [k, n] of Object.entries(p.errorsByKind)) kinds.set(k, (kinds.get(k) ?? 0) + n);
    return [
      {
        date: r.date,
        complete: r.complete,
        provider: 'all',
        calls: r.calls,
        errors: r.errors,
        rateLimited: r.rateLimited,
        errorsByKind: joinCounts([...kinds]),
        endpoints: '',
        peakUse: '',
        symbolsRefreshed: r.symbolsRefreshed,
        usageAlertsFired: r.usageAlertsFired,
        priceAlertsFired: r.priceAlertsFired,
      },
      ...perProvider,
    ];
  };

  return {
    compute,
    runDue,
    start() {
      tick();
    },
    stop() {
      clock.clearTimeout(timer);
      timer = undefined;
    },
    /** Today so far and the last `days` stored days. */
    list(days: number): UsageReports {
      const today = compute(dateIn(clock.now(), NEW_YORK), false);
      const reports = repo.reports(days);
      return { today, reports, rows: [today, ...reports].flatMap(rowsOf) };
    },
  };
}
