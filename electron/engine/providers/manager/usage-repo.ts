// The api_usage and provider_pauses tables: every provider call, and pauses that outlive a restart.
import { createHash } from 'node:crypto';
import type { ProviderId } from '../../../../shared/quote';
import type { Db } from '../../store/db';
import type { ProviderErrorKind } from '../types';

/** A short, one-way name for a key: usage is counted per key without storing the key. */
export function keyIdOf(key: string | undefined): string {
  if (!key) return '';
  return createHash('sha256').update(`quotedesk:${key}`).digest('hex').slice(0, 12);
}

export type CallStart = {
  provider: ProviderId;
  keyId: string;
  endpoint: string;
  symbols: string[];
  priority: string | null;
  cost: number;
  startedAt: number;
};

export type CallEnd = {
  status: 'ok' | 'error';
  httpStatus: number | null;
  errorKind: ProviderErrorKind | 'aborted' | null;
  finishedAt: number;
};

export type UsageRow = {
  id: number;
  provider: ProviderId;
  endpoint: string;
  symbols: string[];
  symbolCount: number;
  priority: string | null;
  status: 'pending' | 'ok' | 'error' | 'abandoned';
  httpStatus: number | null;
  errorKind: string | null;
  latencyMs: number | null;
  cost: number;
  startedAt: number;
  finishedAt: number | null;
};

export type StoredPause = { until: number; kind: string; reason: string };

type Raw = {
  id: number;
  provider: ProviderId;
  endpoint: string;
  symbols: string;
  symbol_count: number;
  priority: string | null;
  status: UsageRow['status'];
  http_status: number | null;
  error_kind: string | null;
  latency_ms: number | null;
  cost: number;
  started_at: number;
  finished_at: number | null;
};

/** Symbols kept per row: enough to see what a call was for, bounded for bulk calls. */
const SYMBOLS_KEPT = 20;

export type UsageRepo = ReturnType<typeof createUsageRepo>;

export function createUsageRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO api_usage (provider, key_id, endpoint, symbols, symbol_count, priority, status, cost, started_at)
    VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
  `);
  const update = db.prepare(`
    UPDATE api_usage SET status = ?, http_status = ?, error_kind = ?, latency_ms = ? - started_at, finished_at = ?
    WHERE id = ?
  `);
  const abandon = db.prepare(`
    UPDATE api_usage SET status = 'abandoned', finished_at = started_at + ?, latency_ms = NULL
    WHERE status = 'pending'
  `);
  const history = db.prepare(`
    SELECT COALESCE(finished_at, started_at) AS t FROM api_usage
    WHERE provider = ? AND key_id = ? AND COALESCE(finished_at, started_at) >= ? ORDER BY t
  `);
  const recent = db.prepare('SELECT * FROM api_usage ORDER BY id DESC LIMIT ?');
  const recentFor = db.prepare('SELECT * FROM api_usage WHERE provider = ? ORDER BY id DESC LIMIT ?');
  const since = db.prepare(`
    SELECT provider, COUNT(*) AS calls, SUM(cost) AS cost,
      SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors
    FROM api_usage WHERE started_at >= ? GROUP BY provider
  `);
  const prune = db.prepare('DELETE FROM api_usage WHERE started_at < ?');
  const getPause = db.prepare('SELECT until, kind, reason FROM provider_pauses WHERE provider = ? AND key_id = ?');
  const setPause = db.prepare(`
    INSERT INTO provider_pauses (provider, key_id, until, kind, reason) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(provider, key_id) DO UPDATE SET until = excluded.until, kind = excluded.kind, reason = excluded.reason
  `);
  const clearPause = db.prepare('DELETE FROM provider_pauses WHERE provider = ? AND key_id = ?');

  const fromRaw = (r: Raw): UsageRow => ({
    id: r.id,
    provider: r.provider,
    endpoint: r.endpoint,
    symbols: r.symbols === '' ? [] : r.symbols.split(','),
    symbolCount: r.symbol_count,
    priority: r.priority,
    status: r.status,
    httpStatus: r.http_status,
    errorKind: r.error_kind,
    latencyMs: r.latency_ms,
    cost: r.cost,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  });

  return {
    /** Records a call as it leaves; returns the row id to finish it with. */
    begin(c: CallStart): number {
      const info = insert.run(
        c.provider,
        c.keyId,
        c.endpoint,
        c.symbols.slice(0, SYMBOLS_KEPT).join(','),
        c.symbols.length,
        c.priority,
        c.cost,
        c.startedAt,
      );
      return Number(info.lastInsertRowid);
    },
    finish(id: number, e: CallEnd): void {
      update.run(e.status, e.httpStatus, e.errorKind, e.finishedAt, e.finishedAt, id);
    },
    /**
     * Calls a crash left pending: the provider may have counted them, so they count, as if they
     * had taken the whole request timeout.
     */
    abandonPending(timeoutMs: number): number {
      return abandon.run(timeoutMs).changes;
    },
    /** Answer times of this key's calls since `from`, to rebuild its limit windows. */
    history(provider: ProviderId, keyId: string, from: number): number[] {
      return (history.all(provider, keyId, from) as { t: number }[]).map((r) => r.t);
    },
    recent(limit: number, provider?: ProviderId): UsageRow[] {
      const rows = provider ? recentFor.all(provider, limit) : recent.all(limit);
      return (rows as Raw[]).map(fromRaw);
    },
    totalsSince(from: number): Map<ProviderId, { calls: number; cost: number; errors: number }> {
      const rows = since.all(from) as { provider: ProviderId; calls: number; cost: number; errors: number }[];
      return new Map(rows.map((r) => [r.provider, { calls: r.calls, cost: r.cost, errors: r.errors }]));
    },
    prune(before: number): number {
      return prune.run(before).changes;
    },
    pause(provider: ProviderId, keyId: string): StoredPause | undefined {
      return getPause.get(provider, keyId) as StoredPause | undefined;
    },
    setPause(provider: ProviderId, keyId: string, p: StoredPause): void {
      setPause.run(provider, keyId, p.until, p.kind, p.reason);
    },
    clearPause(provider: ProviderId, keyId: string): void {
      clearPause.run(provider, keyId);
    },
  };
}
