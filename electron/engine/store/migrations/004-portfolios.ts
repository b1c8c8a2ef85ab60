// Migration 4: portfolios and their holdings (one line per symbol, in the user's order).
import type { Migration } from './types';

export const m004Portfolios: Migration = {
  version: 4,
  name: 'portfolios and holdings',
  up(db) {
    db.exec(`
      CREATE TABLE portfolios (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE portfolio_holdings (
        portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        symbol TEXT NOT NULL,
        shares REAL NOT NULL CHECK (shares > 0),
        cost_basis REAL NOT NULL CHECK (cost_basis >= 0),
        position INTEGER NOT NULL,
        PRIMARY KEY (portfolio_id, symbol)
      );
      CREATE INDEX portfolio_holdings_symbol ON portfolio_holdings(symbol);
    `);
  },
  down(db) {
    db.exec(`
      DROP TABLE portfolio_holdings;
      DROP TABLE portfolios;
    `);
  },
};
