// Migration 2: every provider call (usage and limit windows), provider pauses, profile refreshes, volume origin.
import type { Migration } from './types';

export const m002ProviderUsage: Migration = {
  version: 2,
  name: 'api usage, provider pauses, profile refreshes, volume source',
  up(db) {
    db.exec(`
      CREATE TABLE api_usage (
        id INTEGER PRIMARY KEY,
        provider TEXT NOT NULL,
        -- Which key made the call (a short hash, never the key): limits are per key.
        key_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        symbols TEXT NOT NULL DEFAULT '',
        symbol_count INTEGER NOT NULL DEFAULT 0,
        priority TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'error', 'abandoned')),
        http_status INTEGER,
        error_kind TEXT,
        latency_ms INTEGER,
        -- Units counted against the plan's windows (one request = 1).
        cost INTEGER NOT NULL DEFAULT 1,
        started_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX api_usage_key_time ON api_usage(provider, key_id, started_at);
      CREATE INDEX api_usage_time ON api_usage(started_at);
      CREATE TABLE provider_pauses (
        provider TEXT NOT NULL,
        key_id TEXT NOT NULL,
        until INTEGER NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (provider, key_id)
      );
      CREATE TABLE profile_refresh (
        symbol TEXT PRIMARY KEY,
        refreshed_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'unknown', 'error'))
      );
      ALTER TABLE quotes ADD COLUMN volume_source TEXT;
      ALTER TABLE quotes ADD COLUMN volume_as_of INTEGER;
    `);
  },
  down(db) {
    db.exec(`
      ALTER TABLE quotes DROP COLUMN volume_as_of;
      ALTER TABLE quotes DROP COLUMN volume_source;
      DROP TABLE profile_refresh;
      DROP TABLE provider_pauses;
      DROP TABLE api_usage;
    `);
  },
};
