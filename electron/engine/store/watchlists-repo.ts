// Watchlists and their ordered symbols.
import type { Watchlist } from '../../../shared/contract';
import type { Db } from './db';

export type WatchlistsRepo = ReturnType<typeof createWatchlistsRepo>;

export function createWatchlistsRepo(db: Db) {
  const listRows = db.prepare('SELECT id, name FROM watchlists ORDER BY position, id');
  const oneRow = db.prepare('SELECT id, name FROM watchlists WHERE id = ?');
  const symbolsOf = db.prepare('SELECT symbol FROM watchlist_symbols WHERE watchlist_id = ? ORDER BY position');
  const allSymbols = db.prepare('SELECT DISTINCT symbol FROM watchlist_symbols');
  const insert = db.prepare('INSERT INTO watchlists (name, position, created_at) VALUES (?, ?, ?)');
  const maxPos = db.prepare('SELECT COALESCE(MAX(position), -1) AS p FROM watchlists');
  const rename = db.prepare('UPDATE watchlists SET name = ? WHERE id = ?');
  const listIds = db.prepare('SELECT id FROM watchlists ORDER BY position, id');
  const setPosition = db.prepare('UPDATE watchlists SET position = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM watchlists WHERE id = ?');
  const clearSymbols = db.prepare('DELETE FROM watchlist_symbols WHERE watchlist_id = ?');
  const addSymbol = db.prepare('INSERT INTO watchlist_symbols (watchlist_id, symbol, position) VALUES (?, ?, ?)');

  const read = (row: { id: number; name: string }): Watchlist => ({
    id: row.id,
    name: row.name,
    symbols: (symbolsOf.all(row.id) as { symbol: string }[]).map((r) => r.symbol),
  });

  const setSymbols = (id: number, symbols: string[]) => {
    clearSymbols.run(id);
    // A symbol listed twice keeps its first place.
    [...new Set(symbols)].forEach((s, i) => addSymbol.run(id, s, i));
  };

  return {
    list(): Watchlist[] {
      return (listRows.all() as { id: number; name: string }[]).map(read);
    },
    get(id: number): Watchlist | undefined {
      const row = oneRow.get(id) as { id: number; name: string } | undefined;
      return row ? read(row) : undefined;
    },
    create(name: string, symbols: string[], now: number): Watchlist {
      return db.transaction(() => {
        const pos = (maxPos.get() as { p: number }).p + 1;
        const id = Number(insert.run(name, pos, now).lastInsertRowid);
        setSymbols(id, symbols);
        return read({ id, name });
      })();
    },
    update(
      id: number,
      patch: { name?: string | undefined; symbols?: string[] | undefined; position?: number | undefined },
    ): Watchlist | undefined {
      return db.transaction(() => {
        const row = oneRow.get(id) as { id: number; name: string } | undefined;
        if (!row) return undefined;
        if (patch.name !== undefined) rename.run(patch.name, id);
        if (patch.symbols !== undefined) setSymbols(id, patch.symbols);
        if (patch.position !== undefined) {
          // Renumber every list so positions stay dense; a position past the end means last.
          const ids = (listIds.all() as { id: number }[]).map((r) => r.id).filter((x) => x !== id);
          ids.splice(Math.min(patch.position, ids.length), 0, id);
          ids.forEach((x, i) => setPosition.run(i, x));
        }
        return read({ id, name: patch.name ?? row.name });
      })();
    },
    delete(id: number): boolean {
      return remove.run(id).changes > 0;
    },
    /** Every symbol on any watchlist: these are always refreshed first. */
    allSymbols(): string[] {
      return (allSymbols.all() as { symbol: string }[]).map((r) => r.symbol);
    },
  };
}
