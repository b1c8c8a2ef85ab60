// Owns the scheduler's tables: overrides, ranks, poll intervals, jobs and cursors, runs, dispatches.
import type { JobName } from '../../../shared/contract/market';
import type { Tier } from '../../../shared/quote';
import type { Db } from '../store/db';

export type OverrideRow = { symbol: string; tier: Tier; createdAt: number };
export type RankRow = {
  symbol: string;
  rank: number;
  dollarVolume: number | null;
  marketCap: number | null;
  reason: 'pinned' | 'override' | 'rank';
  classifiedAt: number;
};
export type PollIntervalRow = { tier: Tier; intervalMs: number | null; size: number | null; updatedAt: number };

/** A job's persisted state: `cursor` positions of its queue were dispatched (written before sending). */
export type JobRow = {
  name: JobName;
  runId: number | null;
  state: 'idle' | 'running';
  runKey: string | null;
  cursor: number;
  total: number;
  done: number;
  failures: number;
  nextRunAt: number | null;
  lastRunAt: number | null;
  lastFinishedAt: number | null;
  lastKey: string | null;
};

export type JobRunKind = 'scheduled' | 'catch-up';
export type JobRunRow = {
  id: number;
  job: JobName;
  kind: JobRunKind;
  runKey: string | null;
  startedAt: number;
  finishedAt: number | null;
  status: 'running' | 'done' | 'superseded';
  symbols: number;
  refreshed: number;
  failed: number;
  calls: number;
  resumed: number;
  note: string | null;
};

const asTier = (n: number): Tier => (n === 1 || n === 2 ? n : 3);

export type SchedulerRepo = ReturnType<typeof createSchedulerRepo>;

export function createSchedulerRepo(db: Db) {
  const q = {
    overrides: db.prepare('SELECT symbol, tier, created_at AS createdAt FROM tier_overrides ORDER BY symbol'),
    setOverride: db.prepare(
      'INSERT INTO tier_overrides (symbol, tier, created_at) VALUES (?, ?, ?) ON CONFLICT(symbol) DO UPDATE SET tier = excluded.tier, created_at = excluded.created_at',
    ),
    deleteOverride: db.prepare('DELETE FROM tier_overrides WHERE symbol = ?'),
    ranks: db.prepare(
      'SELECT symbol, rank, dollar_volume AS dollarVolume, market_cap AS marketCap, reason, classified_at AS classifiedAt FROM tier_ranks',
    ),
    clearRanks: db.prepare('DELETE FROM tier_ranks'),
    insertRank: db.prepare(
      'INSERT INTO tier_ranks (symbol, rank, dollar_volume, market_cap, reason, classified_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    pollIntervals: db.prepare(
      'SELECT tier, interval_ms AS intervalMs, size, updated_at AS updatedAt FROM poll_intervals ORDER BY tier',
    ),
    setPollInterval: db.prepare(
      'INSERT INTO poll_intervals (tier, interval_ms, size, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(tier) DO UPDATE SET interval_ms = excluded.interval_ms, size = excluded.size, updated_at = excluded.updated_at',
    ),
    clearPollIntervals: db.prepare('DELETE FROM poll_intervals'),
    job: db.prepare(
      `SELECT name, run_id AS runId, state, run_key AS runKey, cursor, total, done, failures, next_run_at AS nextRunAt,
        last_run_at AS lastRunAt, last_finished_at AS lastFinishedAt, last_key AS lastKey FROM jobs WHERE name = ?`,
    ),
    saveJob: db.prepare(
      `INSERT INTO jobs (name, run_id, state, run_key, cursor, total, done, failures, next_run_at, last_run_at, last_finished_at, last_key)
       VALUES (@name, @runId, @state, @runKey, @cursor, @total, @done, @failures, @nextRunAt, @lastRunAt, @lastFinishedAt, @lastKey)
       ON CONFLICT(name) DO UPDATE SET run_id = excluded.run_id, state = excluded.state, run_key = excluded.run_key,
         cursor = excluded.cursor, total = excluded.total, done = excluded.done, failures = excluded.failures,
         next_run_at = excluded.next_run_at, last_run_at = excluded.last_run_at,
         last_finished_at = excluded.last_finished_at, last_key = excluded.last_key`,
    ),
    setCursor: db.prepare('UPDATE jobs SET cursor = ? WHERE name = ?'),
    setTotal: db.prepare('UPDATE jobs SET total = ? WHERE name = ?'),
    setNextRun: db.prepare('UPDATE jobs SET next_run_at = ? WHERE name = ?'),
    clearQueue: db.prepare('DELETE FROM job_queue WHERE job = ?'),
    enqueue: db.prepare('INSERT INTO job_queue (job, pos, symbol) VALUES (?, ?, ?)'),
    queue: db.prepare('SELECT symbol FROM job_queue WHERE job = ? ORDER BY pos'),
    startRun: db.prepare(
      `INSERT INTO job_runs (job, kind, run_key, started_at, status, symbols) VALUES (?, ?, ?, ?, 'running', ?)`,
    ),
    runProgress: db.prepare(
      'UPDATE job_runs SET refreshed = refreshed + ?, failed = failed + ?, calls = calls + ? WHERE id = ?',
    ),
    resumeRun: db.prepare('UPDATE job_runs SET resumed = resumed + 1 WHERE id = ?'),
    finishRun: db.prepare('UPDATE job_runs SET finished_at = ?, status = ?, note = ? WHERE id = ?'),
    runs: db.prepare(
      `SELECT id, job, kind, run_key AS runKey, started_at AS startedAt, finished_at AS finishedAt, status, symbols,
        refreshed, failed, calls, resumed, note FROM job_runs WHERE started_at >= ? ORDER BY started_at, id`,
    ),
    run: db.prepare(
      `SELECT id, job, kind, run_key AS runKey, started_at AS startedAt, finished_at AS finishedAt, status, symbols,
        refreshed, failed, calls, resumed, note FROM job_runs WHERE id = ?`,
    ),
    pruneRuns: db.prepare('DELETE FROM job_runs WHERE started_at < ? AND status != ?'),
    dispatch: db.prepare('INSERT INTO dispatches (ts, job, symbols) VALUES (?, ?, ?)'),
    dispatchesSince: db.prepare('SELECT ts FROM dispatches WHERE ts > ? ORDER BY ts'),
    pruneDispatches: db.prepare('DELETE FROM dispatches WHERE ts < ?'),
    meta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
  };

  return {
    overrides(): OverrideRow[] {
      return (q.overrides.all() as { symbol: string; tier: number; createdAt: number }[]).map((r) => ({
        ...r,
        tier: asTier(r.tier),
      }));
    },
    setOverrides(symbols: string[], tier: Tier, now: number): void {
      db.transaction(() => {
        for (const s of symbols) q.setOverride.run(s, tier, now);
      })();
    },
    deleteOverrides(symbols: string[]): number {
      return db.transaction(() => symbols.reduce((n, s) => n + q.deleteOverride.run(s).changes, 0))();
    },
    ranks(): RankRow[] {
      return q.ranks.all() as RankRow[];
    },
    replaceRanks(rows: RankRow[]): void {
      db.transaction(() => {
        q.clearRanks.run();
        for (const r of rows) {
          q.insertRank.run(r.symbol, r.rank, r.dollarVolume, r.marketCap, r.reason, r.classifiedAt);
        }
      })();
    },
    pollIntervals(): PollIntervalRow[] {
      return (q.pollIntervals.all() as (Omit<PollIntervalRow, 'tier'> & { tier: number })[]).map((r) => ({
        ...r,
        tier: asTier(r.tier),
      }));
    },
    setPollIntervals(rows: Omit<PollIntervalRow, 'updatedAt'>[], now: number): void {
      db.transaction(() => {
        for (const r of rows) q.setPollInterval.run(r.tier, r.intervalMs, r.size, now);
      })();
    },
    clearPollIntervals(): void {
      q.clearPollIntervals.run();
    },
    job(name: JobName): JobRow | undefined {
      return q.job.get(name) as JobRow | undefined;
    },
    saveJob(row: JobRow): void {
      q.saveJob.run(row);
    },
    /** Starts a run: its queue, the job row and the run record, in one transaction. */
    startRun(
      row: Omit<JobRow, 'runId' | 'state' | 'cursor' | 'done' | 'failures' | 'total'>,
      kind: JobRunKind,
      symbols: string[],
      now: number,
    ): JobRow {
      return db.transaction(() => {
        q.clearQueue.run(row.name);
        symbols.forEach((s, i) => q.enqueue.run(row.name, i, s));
        const runId = Number(q.startRun.run(row.name, kind, row.runKey, now, symbols.length).lastInsertRowid);
        const job: JobRow = { ...row, runId, state: 'running', cursor: 0, total: symbols.length, done: 0, failures: 0 };
        q.saveJob.run(job);
        return job;
      })();
    },
    /** More positions for a running job (retries); its total grows with them. */
    appendQueue(name: JobName, from: number, symbols: string[]): void {
      db.transaction(() => {
        symbols.forEach((s, i) => q.enqueue.run(name, from + i, s));
        q.setTotal.run(from + symbols.length, name);
      })();
    },
    queue(name: JobName): string[] {
      return (q.queue.all(name) as { symbol: string }[]).map((r) => r.symbol);
    },
    /**
     * Written before a batch leaves: after a crash these positions are never sent again. The
     * dispatch is logged first, so a crash between the two writes errs on the side of pacing.
     */
    advanceCursor(name: JobName, cursor: number, ts: number, symbols: number): void {
      q.dispatch.run(ts, name, symbols);
      q.setCursor.run(cursor, name);
    },
    recordDispatch(job: string, ts: number, symbols: number): void {
      q.dispatch.run(ts, job, symbols);
    },
    /** Counts one answered call of a run; the job's totals are read back from the run on resume. */
    progress(runId: number | null, delta: { refreshed: number; failed: number }): void {
      if (runId !== null) q.runProgress.run(delta.refreshed, delta.failed, 1, runId);
    },
    run(runId: number): JobRunRow | undefined {
      return q.run.get(runId) as JobRunRow | undefined;
    },
    markResumed(runId: number): void {
      q.resumeRun.run(runId);
    },
    finishRun(job: JobRow, status: 'done' | 'superseded', now: number, note: string | null): JobRow {
      return db.transaction(() => {
        if (job.runId !== null) q.finishRun.run(now, status, note, job.runId);
        q.clearQueue.run(job.name);
        const next: JobRow = {
          ...job,
          state: 'idle',
          lastFinishedAt: now,
          lastKey: job.runKey ?? job.lastKey,
        };
        q.saveJob.run(next);
        return next;
      })();
    },
    setNextRun(name: JobName, at: number | null): void {
      q.setNextRun.run(at, name);
    },
    runs(since = 0): JobRunRow[] {
      return q.runs.all(since) as JobRunRow[];
    },
    dispatchesSince(ts: number): number[] {
      return (q.dispatchesSince.all(ts) as { ts: number }[]).map((r) => r.ts);
    },
    /** Keeps a month of runs and two days of dispatches (the longest window a plan has is a day). */
    prune(now: number): void {
      q.pruneRuns.run(now - 30 * 86_400_000, 'running');
      q.pruneDispatches.run(now - 2 * 86_400_000);
    },
    meta(key: string): string | undefined {
      return (q.meta.get(key) as { value: string } | undefined)?.value;
    },
    setMeta(key: string, value: string): void {
      q.setMeta.run(key, value);
    },
  };
}
