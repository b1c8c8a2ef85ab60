import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateWindow } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import { tempDir } from '../../../test-support/engine';
import { createManualClock, type ManualClock } from '../clock';
import { createSilentLogger } from '../logger';
import { createUsageRepo } from '../providers/manager/usage-repo';
import { openDatabase, type Db } from '../store/db';
import { migrate } from '../store/migrate';
import { migrations } from '../store/migrations/index';
import { createDailyReports, dayBounds, nextDate, slidingPeak } from './daily-report';
import { createUsageAlertsRepo } from './usage-alerts-repo';

const LIMITS: Record<ProviderId, RateWindow[]> = {
  finnhub: [
    { limit: 30, windowMs: 1000, unit: 's' },
    { limit: 60, windowMs: 60_000, unit: 'min' },
  ],
  alphavantage: [
    { limit: 1, windowMs: 1000, unit: 's' },
    { limit: 25, windowMs: 86_400_000, unit: 'day' },
  ],
  simulated: [],
};

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function setup(start: number) {
  const db = openDatabase(path.join(tempDir(), 'q.sqlite'));
  dbs.push(db);
  migrate(db, migrations);
  const clock: ManualClock = createManualClock(start);
  const usage = createUsageRepo(db);
  const repo = createUsageAlertsRepo(db);
  const reports = createDailyReports({
    db,
    repo,
    clock,
    logger: createSilentLogger(),
    limitsFor: (p) => LIMITS[p],
  });
  const call = (
    provider: ProviderId,
    at: number,
    outcome: { endpoint?: string; error?: string; http?: number } = {},
  ) => {
    const id = usage.begin({
      provider,
      keyId: 'k',
      endpoint: outcome.endpoint ?? 'quote',
      symbols: ['AAPL'],
      priority: 'tier1',
      cost: 1,
      startedAt: at,
    });
    usage.finish(id, {
      status: outcome.error ? 'error' : 'ok',
      httpStatus: outcome.http ?? null,
      errorKind: (outcome.error ?? null) as never,
      finishedAt: at + 200,
    });
  };
  return { db, clock, reports, repo, call };
}

describe('day boundaries', () => {
  it('follows New York days through both DST changes (23 and 25 hours)', () => {
    const spring = dayBounds('2026-03-08');
    expect(new Date(spring.from).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.to - spring.from).toBe(23 * 3_600_000);
    const fall = dayBounds('2026-11-01');
    expect(new Date(fall.from).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(fall.to - fall.from).toBe(25 * 3_600_000);
    expect(nextDate('2026-03-08')).toBe('2026-03-09');
    expect(nextDate('2026-12-31')).toBe('2027-01-01');
  });

  it('finds the busiest sliding window', () => {
    expect(slidingPeak([], 60_000)).toBe(0);
    // A call counts in the minute after its answer: 10, 59,999, 60,000 and 60,001 share one.
    expect(slidingPeak([0, 10, 59_999, 60_000, 60_001], 60_000)).toBe(4);
    expect(slidingPeak([0, 1000, 2000, 3000], 1000)).toBe(1);
  });
});

describe('daily usage report', () => {
  it('counts calls per provider and endpoint, errors by kind, 429s, peaks, symbols and alerts', () => {
    // Wednesday 2026-11-25, a trading day; the report is made the next morning.
    const { from } = dayBounds('2026-11-25');
    const t = from + 10 * 3_600_000; // 10:00 New York
    const s = setup(from + 30 * 3_600_000);
    for (let i = 0; i < 57; i++) s.call('finnhub', t + i * 1000);
    s.call('finnhub', t + 120_000, { error: 'rate_limited', http: 429 });
    s.call('finnhub', t + 130_000, { error: 'timeout' });
    s.call('finnhub', t + 140_000, { endpoint: 'stock/profile2' });
    for (let i = 0; i < 20; i++) s.call('alphavantage', t + i * 600_000, { endpoint: 'GLOBAL_QUOTE' });
    s.call('alphavantage', t + 13 * 3_600_000, { endpoint: 'GLOBAL_QUOTE', error: 'daily_limit' });
    // The evening before and the morning after are other days.
    s.call('finnhub', from - 1);
    s.call('finnhub', dayBounds('2026-11-26').from);
    s.db.exec(`
      INSERT INTO quote_history (symbol, ts, price) VALUES ('AAPL', ${t}, 1), ('AAPL', ${t + 60_000}, 1), ('MSFT', ${t}, 1),
        ('NVDA', ${from - 1}, 1);
      INSERT INTO alert_history (alert_id, symbol, kind, threshold, price, change_percent, source, as_of, fired_at, message)
        VALUES (1, 'AAPL', 'above', 1, 2, 0, 'finnhub', ${t}, ${t}, 'm');
    `);
    s.repo.fire({
      key: 'down:finnhub',
      kind: 'provider-down',
      severity: 'critical',
      provider: 'finnhub',
      title: 'Finnhub is down',
      message: 'm',
      firedAt: t,
      notified: true,
    });

    const r = s.reports.compute('2026-11-25', true);
    expect(r).toMatchObject({
      date: '2026-11-25',
      calls: 81,
      errors: 3,
      rateLimited: 2,
      symbolsRefreshed: 2,
      usageAlertsFired: 1,
      priceAlertsFired: 1,
    });
    const fh = r.providers.find((p) => p.provider === 'finnhub');
    expect(fh).toMatchObject({ calls: 60, errors: 2, rateLimited: 1, errorsByKind: { rate_limited: 1, timeout: 1 } });
    expect(fh?.endpoints).toEqual([
      { endpoint: 'quote', calls: 59, errors: 2 },
      { endpoint: 'stock/profile2', calls: 1, errors: 0 },
    ]);
    expect(fh?.peaks).toEqual([
      { unit: 's', windowMs: 1000, limit: 30, peak: 1, share: 1 / 30 },
      { unit: 'min', windowMs: 60_000, limit: 60, peak: 57, share: 0.95 },
    ]);
    const av = r.providers.find((p) => p.provider === 'alphavantage');
    expect(av?.peaks.find((p) => p.unit === 'day')).toMatchObject({ peak: 21, limit: 25 });
    expect(av?.rateLimited).toBe(1);

    const rows = s.reports.list(30).rows.filter((x) => x.date === '2026-11-25');
    // Not stored yet: only today's rows are listed.
    expect(rows).toEqual([]);
  });

  it('stores a report for each missed day on start, then one after each New York midnight', async () => {
    const first = dayBounds('2026-11-20').from + 15 * 3_600_000;
    const s = setup(dayBounds('2026-11-24').from + 9 * 3_600_000);
    s.call('finnhub', first);
    s.call('finnhub', first + 86_400_000 * 3);
    s.reports.start();
    expect(s.repo.reports(30).map((r) => r.date)).toEqual(['2026-11-23', '2026-11-22', '2026-11-21', '2026-11-20']);
    expect(s.repo.reports(30).map((r) => r.calls)).toEqual([1, 0, 0, 1]);
    // Nothing more until the day is over (and a minute more).
    await s.clock.runUntil(dayBounds('2026-11-25').from + 59_000);
    expect(s.repo.lastReportDate()).toBe('2026-11-23');
    await s.clock.advance(2_000);
    expect(s.repo.lastReportDate()).toBe('2026-11-24');
    const listed = s.reports.list(2);
    expect(listed.today).toMatchObject({ date: '2026-11-25', complete: false });
    expect(listed.reports.map((r) => r.date)).toEqual(['2026-11-24', '2026-11-23']);
    expect(listed.rows.filter((r) => r.provider === 'all').map((r) => r.date)).toEqual([
      '2026-11-25',
      '2026-11-24',
      '2026-11-23',
    ]);
    s.reports.stop();
  });

  it('reports the 23-hour spring day and the 25-hour fall day whole', async () => {
    const s = setup(dayBounds('2026-03-07').from + 12 * 3_600_000);
    const spring = dayBounds('2026-03-08');
    s.call('finnhub', spring.from + 1000);
    s.call('finnhub', spring.to - 1000);
    s.reports.start();
    await s.clock.runUntil(dayBounds('2026-03-09').from + 120_000);
    expect(s.repo.reports(5).find((r) => r.date === '2026-03-08')?.calls).toBe(2);
    s.reports.stop();

    const t = setup(dayBounds('2026-10-31').from + 12 * 3_600_000);
    const fall = dayBounds('2026-11-01');
    t.call('finnhub', fall.from + 1000);
    t.call('finnhub', fall.from + 24.5 * 3_600_000);
    t.reports.start();
    await t.clock.runUntil(dayBounds('2026-11-02').from + 120_000);
    const r = t.repo.reports(5).find((x) => x.date === '2026-11-01');
    expect(r?.calls).toBe(2);
    expect(Date.parse(r?.to ?? '') - Date.parse(r?.from ?? '')).toBe(25 * 3_600_000);
    t.reports.stop();
  });
});
