// The usage_alerts and usage_reports tables: alert firings with their resolution, one report per New York day.
import type { DailyUsageReport, UsageAlert, UsageAlertKind, UsageAlertSeverity } from '../../../shared/contract';
import { dailyUsageReportSchema } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import type { Db } from '../store/db';

type RawAlert = {
  id: number;
  key: string;
  kind: UsageAlertKind;
  severity: UsageAlertSeverity;
  provider: ProviderId | null;
  title: string;
  message: string;
  fired_at: number;
  resolved_at: number | null;
  resolved_message: string | null;
  repeats: number;
  notified: number;
};

export type NewUsageAlert = {
  key: string;
  kind: UsageAlertKind;
  severity: UsageAlertSeverity;
  provider: ProviderId | null;
  title: string;
  message: string;
  firedAt: number;
  notified: boolean;
};

const iso = (t: number) => new Date(t).toISOString();

function fromRaw(r: RawAlert): UsageAlert {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    provider: r.provider,
    key: r.key,
    title: r.title,
    message: r.message,
    firedAt: iso(r.fired_at),
    resolvedAt: r.resolved_at === null ? null : iso(r.resolved_at),
    resolvedMessage: r.resolved_message,
    repeats: r.repeats,
    notified: r.notified === 1,
  };
}

export type UsageAlertsRepo = ReturnType<typeof createUsageAlertsRepo>;

export function createUsageAlertsRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO usage_alerts (key, kind, severity, provider, title, message, fired_at, notified)
    VALUES (@key, @kind, @severity, @provider, @title, @message, @firedAt, @notified)
  `);
  const byId = db.prepare('SELECT * FROM usage_alerts WHERE id = ?');
  const resolve = db.prepare('UPDATE usage_alerts SET resolved_at = ?, resolved_message = ? WHERE id = ?');
  const reopen = db.prepare(
    'UPDATE usage_alerts SET resolved_at = NULL, resolved_message = NULL, repeats = repeats + 1, message = ? WHERE id = ?',
  );
  const markNotified = db.prepare('UPDATE usage_alerts SET notified = 1 WHERE id = ?');
  const active = db.prepare('SELECT * FROM usage_alerts WHERE resolved_at IS NULL ORDER BY fired_at DESC, id DESC');
  const lastOfKey = db.prepare('SELECT * FROM usage_alerts WHERE key = ? ORDER BY fired_at DESC, id DESC LIMIT 1');
  const listAll = db.prepare('SELECT * FROM usage_alerts ORDER BY fired_at DESC, id DESC LIMIT ?');
  const listResolved = db.prepare(
    'SELECT * FROM usage_alerts WHERE resolved_at IS NOT NULL ORDER BY fired_at DESC, id DESC LIMIT ?',
  );
  const changedSince = db.prepare(`
    SELECT * FROM usage_alerts WHERE fired_at >= ? OR resolved_at >= ? ORDER BY fired_at DESC, id DESC LIMIT ?
  `);
  const firedBetween = db.prepare('SELECT COUNT(*) AS n FROM usage_alerts WHERE fired_at >= ? AND fired_at < ?');
  const prune = db.prepare('DELETE FROM usage_alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?');
  const putReport = db.prepare(`
    INSERT INTO usage_reports (date, created_at, report) VALUES (?, ?, ?)
    ON CONFLICT(date) DO UPDATE SET created_at = excluded.created_at, report = excluded.report
  `);
  const reports = db.prepare('SELECT report FROM usage_reports ORDER BY date DESC LIMIT ?');
  const lastReportDate = db.prepare('SELECT MAX(date) AS d FROM usage_reports');

  return {
    fire(a: NewUsageAlert): UsageAlert {
      const info = insert.run({ ...a, notified: a.notified ? 1 : 0 });
      return fromRaw(byId.get(info.lastInsertRowid) as RawAlert);
    },
    resolve(id: number, at: number, message: string): UsageAlert | undefined {
      resolve.run(at, message, id);
      const r = byId.get(id) as RawAlert | undefined;
      return r ? fromRaw(r) : undefined;
    },
    /** The condition came back within the cool-down: the same row is active again. */
    reopen(id: number, message: string): UsageAlert | undefined {
      reopen.run(message, id);
      const r = byId.get(id) as RawAlert | undefined;
      return r ? fromRaw(r) : undefined;
    },
    markNotified(id: number): UsageAlert | undefined {
      markNotified.run(id);
      const r = byId.get(id) as RawAlert | undefined;
      return r ? fromRaw(r) : undefined;
    },
    active(): UsageAlert[] {
      return (active.all() as RawAlert[]).map(fromRaw);
    },
    last(key: string): UsageAlert | undefined {
      const r = lastOfKey.get(key) as RawAlert | undefined;
      return r ? fromRaw(r) : undefined;
    },
    list(state: 'all' | 'active' | 'resolved', limit: number): UsageAlert[] {
      if (state === 'active') return this.active().slice(0, limit);
      const rows = (state === 'all' ? listAll : listResolved).all(limit) as RawAlert[];
      return rows.map(fromRaw);
    },
    changedSince(t: number, limit: number): UsageAlert[] {
      return (changedSince.all(t, t, limit) as RawAlert[]).map(fromRaw);
    },
    firedBetween(from: number, to: number): number {
      return (firedBetween.get(from, to) as { n: number }).n;
    },
    prune(before: number): number {
      return prune.run(before).changes;
    },
    putReport(report: DailyUsageReport, now: number): void {
      putReport.run(report.date, now, JSON.stringify(report));
    },
    reports(limit: number): DailyUsageReport[] {
      const out: DailyUsageReport[] = [];
      for (const r of reports.all(limit) as { report: string }[]) {
        // A row that no longer reads (hand-edited, older shape) is skipped, not fatal.
        let json: unknown;
        try {
          json = JSON.parse(r.report);
        } catch {
          continue;
        }
        const parsed = dailyUsageReportSchema.safeParse(json);
        if (parsed.success) out.push(parsed.data);
      }
      return out;
    },
    lastReportDate(): string | null {
      return (lastReportDate.get() as { d: string | null }).d;
    },
  };
}
