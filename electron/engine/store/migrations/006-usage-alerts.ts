// Migration 6: usage alerts (firings and resolutions) and the stored daily usage reports.
import type { Migration } from './types';

export const m006UsageAlerts: Migration = {
  version: 6,
  name: 'usage alerts, daily usage reports',
  up(db) {
    db.exec(`
      CREATE TABLE usage_alerts (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        provider TEXT,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        fired_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolved_message TEXT,
        repeats INTEGER NOT NULL DEFAULT 0,
        notified INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX usage_alerts_fired ON usage_alerts(fired_at);
      CREATE INDEX usage_alerts_key ON usage_alerts(key, fired_at);
      -- One row per New York day; the report itself is JSON (its shape is the contract's).
      CREATE TABLE usage_reports (
        date TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        report TEXT NOT NULL
      );
    `);
  },
  down(db) {
    db.exec(`
      DROP TABLE usage_reports;
      DROP TABLE usage_alerts;
    `);
  },
};
