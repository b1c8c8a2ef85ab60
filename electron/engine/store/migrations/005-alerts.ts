// Migration 5: price alerts and the history of alerts that fired.
import type { Migration } from './types';

export const m005Alerts: Migration = {
  version: 5,
  name: 'alerts, alert history',
  up(db) {
    db.exec(`
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('above', 'below', 'move')),
        threshold REAL NOT NULL CHECK (threshold > 0),
        repeats INTEGER NOT NULL DEFAULT 0,
        enabled INTEGER NOT NULL DEFAULT 1,
        armed INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL,
        last_fired_at INTEGER,
        fire_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX alerts_symbol ON alerts(symbol);
      -- No foreign key to alerts: the history of an alert outlives the alert.
      CREATE TABLE alert_history (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        kind TEXT NOT NULL,
        threshold REAL NOT NULL,
        price REAL NOT NULL,
        change_percent REAL NOT NULL,
        source TEXT NOT NULL,
        as_of INTEGER NOT NULL,
        fired_at INTEGER NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX alert_history_fired ON alert_history(fired_at);
      CREATE INDEX alert_history_symbol ON alert_history(symbol, fired_at);
    `);
  },
  down(db) {
    db.exec(`
      DROP TABLE alert_history;
      DROP TABLE alerts;
    `);
  },
};
