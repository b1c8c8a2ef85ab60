// Migration 1: the symbol universe, latest quotes, intraday history and watchlists.
import type { Migration } from './types';

export const m001Foundation: Migration = {
  version: 1,
  name: 'symbols, quotes, history, watchlists',
  up(db) {
    db.exec(`
      CREATE TABLE symbols (
        symbol TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        exchange TEXT NOT NULL,
        mic TEXT,
        sector TEXT,
        industry TEXT,
        country TEXT,
        security_type TEXT NOT NULL DEFAULT 'common',
        is_spac INTEGER NOT NULL DEFAULT 0,
        market_cap REAL,
        shares_outstanding REAL,
        avg_volume REAL,
        ref_price REAL,
        ref_volume REAL,
        tier INTEGER NOT NULL DEFAULT 3 CHECK (tier IN (1, 2, 3)),
        active INTEGER NOT NULL DEFAULT 1,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE quotes (
        symbol TEXT PRIMARY KEY REFERENCES symbols(symbol) ON DELETE CASCADE,
        price REAL NOT NULL CHECK (price > 0),
        change REAL NOT NULL,
        change_percent REAL NOT NULL,
        open REAL,
        high REAL,
        low REAL,
        previous_close REAL,
        volume INTEGER,
        source TEXT NOT NULL,
        as_of INTEGER NOT NULL,
        fetched_at INTEGER NOT NULL
      );
      CREATE TABLE quote_history (
        symbol TEXT NOT NULL,
        ts INTEGER NOT NULL,
        price REAL NOT NULL,
        volume INTEGER,
        PRIMARY KEY (symbol, ts)
      ) WITHOUT ROWID;
      CREATE INDEX quote_history_ts ON quote_history(ts);
      CREATE TABLE watchlists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE watchlist_symbols (
        watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
        symbol TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (watchlist_id, symbol)
      );
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
  down(db) {
    db.exec(`
      DROP TABLE meta;
      DROP TABLE watchlist_symbols;
      DROP TABLE watchlists;
      DROP TABLE quote_history;
      DROP TABLE quotes;
      DROP TABLE symbols;
    `);
  },
};
