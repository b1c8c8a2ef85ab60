// Portfolios and their holdings, in the user's order.
import type { HoldingInput, Portfolio } from '../../../shared/contract';
import type { Db } from './db';

export type PortfoliosRepo = ReturnType<typeof createPortfoliosRepo>;

type Row = { id: number; name: string };

export function createPortfoliosRepo(db: Db) {
  const listRows = db.prepare('SELECT id, name FROM portfolios ORDER BY position, id');
  const oneRow = db.prepare('SELECT id, name FROM portfolios WHERE id = ?');
  const holdingsOf = db.prepare(
    'SELECT symbol, shares, cost_basis AS costBasis FROM portfolio_holdings WHERE portfolio_id = ? ORDER BY position',
  );
  const allSymbols = db.prepare('SELECT DISTINCT symbol FROM portfolio_holdings ORDER BY symbol');
  const insert = db.prepare('INSERT INTO portfolios (name, position, created_at) VALUES (?, ?, ?)');
  const maxPos = db.prepare('SELECT COALESCE(MAX(position), -1) AS p FROM portfolios');
  const rename = db.prepare('UPDATE portfolios SET name = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM portfolios WHERE id = ?');
  const clearHoldings = db.prepare('DELETE FROM portfolio_holdings WHERE portfolio_id = ?');
  const addHolding = db.prepare(
    'INSERT INTO portfolio_holdings (portfolio_id, symbol, shares, cost_basis, position) VALUES (?, ?, ?, ?, ?)',
  );

  const read = (row: Row): Portfolio => ({
    id: row.id,
    name: row.name,
    holdings: holdingsOf.all(row.id) as Portfolio['holdings'],
  });

  const setHoldings = (id: number, holdings: readonly HoldingInput[]) => {
    clearHoldings.run(id);
    holdings.forEach((h, i) => addHolding.run(id, h.symbol, h.shares, h.costBasis, i));
  };

  return {
    list(): Portfolio[] {
      return (listRows.all() as Row[]).map(read);
    },
    get(id: number): Portfolio | undefined {
      const row = oneRow.get(id) as Row | undefined;
      return row ? read(row) : undefined;
    },
    create(name: string, holdings: readonly HoldingInput[], now: number): Portfolio {
      return db.transaction(() => {
        const pos = (maxPos.get() as { p: number }).p + 1;
        const id = Number(insert.run(name, pos, now).lastInsertRowid);
        setHoldings(id, holdings);
        return read({ id, name });
      })();
    },
    update(
      id: number,
      patch: { name?: string | undefined; holdings?: readonly HoldingInput[] | undefined },
    ): Portfolio | undefined {
      return db.transaction(() => {
        const row = oneRow.get(id) as Row | undefined;
        if (!row) return undefined;
        if (patch.name !== undefined) rename.run(patch.name, id);
        if (patch.holdings !== undefined) setHoldings(id, patch.holdings);
        return read({ id, name: patch.name ?? row.name });
      })();
    },
    delete(id: number): boolean {
      return remove.run(id).changes > 0;
    },
    /** Every symbol held in any portfolio: the scheduler keeps these in tier 1. */
    allSymbols(): string[] {
      return (allSymbols.all() as { symbol: string }[]).map((r) => r.symbol);
    },
  };
}
