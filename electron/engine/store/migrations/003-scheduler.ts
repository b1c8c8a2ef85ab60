// Migration 3: tier overrides and ranks, poll intervals, jobs with their cursors, job runs, dispatch ledger.
import type { Migration } from './types';

export const m003Scheduler: Migration = {
  version: 3,
  name: 'tier overrides, poll intervals, jobs and job runs',
  // Databases made by builds with 004 but without 003 are at version 4 without these tables.
  present: (db) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get() !== undefined,
  up(db) {
    db.exec(`
      CREATE TABLE tier_overrides (
        symbol TEXT PRIMARY KEY REFERENCES symbols(symbol) ON DELETE CASCADE,
        tier INTEGER NOT NULL CHECK (tier IN (1, 2, 3)),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE tier_ranks (
        symbol TEXT PRIMARY KEY REFERENCES symbols(symbol) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        dollar_volume REAL,
        market_cap REAL,
        reason TEXT NOT NULL CHECK (reason IN ('pinned', 'override', 'rank')),
        classified_at INTEGER NOT NULL
      );
      CREATE TABLE poll_intervals (
        tier INTEGER PRIMARY KEY CHECK (tier IN (1, 2, 3)),
        interval_ms INTEGER CHECK (interval_ms IS NULL OR interval_ms > 0),
        size INTEGER CHECK (size IS NULL OR size >= 0),
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE jobs (
        name TEXT PRIMARY KEY,
        run_id INTEGER,
        state TEXT NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running')),
        run_key TEXT,
        cursor INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        next_run_at INTEGER,
        last_run_at INTEGER,
        last_finished_at INTEGER,
        last_key TEXT
      );
      CREATE TABLE job_queue (
        job TEXT NOT NULL,
        pos INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        PRIMARY KEY (job, pos)
      ) WITHOUT ROWID;
      CREATE TABLE job_runs (
        id INTEGER PRIMARY KEY,
        job TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'catch-up')),
        run_key TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'superseded')),
        symbols INTEGER NOT NULL DEFAULT 0,
        refreshed INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        calls INTEGER NOT NULL DEFAULT 0,
        resumed INTEGER NOT NULL DEFAULT 0,
        note TEXT
      );
      CREATE INDEX job_runs_job_started ON job_runs(job, started_at);
      CREATE TABLE dispatches (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        job TEXT NOT NULL,
        symbols INTEGER NOT NULL
      );
      CREATE INDEX dispatches_ts ON dispatches(ts);
    `);
  },
  down(db) {
    db.exec(`
      DROP INDEX dispatches_ts;
      DROP TABLE dispatches;
      DROP INDEX job_runs_job_started;
      DROP TABLE job_runs;
      DROP TABLE job_queue;
      DROP TABLE jobs;
      DROP TABLE poll_intervals;
      DROP TABLE tier_ranks;
      DROP TABLE tier_overrides;
    `);
  },
};
