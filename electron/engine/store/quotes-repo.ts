// The latest quote per symbol and the intraday history behind the charts.
import type { ProviderId } from '../../../shared/quote';
import type { Db } from './db';

/** A quote as the engine keeps it: times in epoch ms, no derived fields. */
export type StoredQuote = {
  symbol: string;
  price: number;
  change: number;
  changePercent: number;
  open: number | null;
  high: number | null;
  low: number | null;
  previousClose: number | null;
  volume: number | null;
  source: ProviderId;
  asOf: number;
  fetchedAt: number;
  /** Who reported `volume` and when (it may be older than the price: see quote-service). */
  volumeSource?: ProviderId | null;
  volumeAsOf?: number | null;
};

export type HistoryPoint = { ts: number; price: number; volume: number | null };

type Raw = {
  symbol: string;
  price: number;
  change: number;
  change_percent: number;
  open: number | null;
  high: number | null;
  low: number | null;
  previous_close: number | null;
  volume: number | null;
  source: ProviderId;
  as_of: number;
  fetched_at: number;
  volume_source: ProviderId | null;
  volume_as_of: number | null;
};

function fromRaw(r: Raw): StoredQuote {
  return {
    symbol: r.symbol,
    price: r.price,
    change: r.change,
    changePercent: r.change_percent,
    open: r.open,
    high: r.high,
    low: r.low,
    previousClose: r.previous_close,
    volume: r.volume,
    source: r.source,
    asOf: r.as_of,
    fetchedAt: r.fetched_at,
    volumeSource: r.volume_source,
    volumeAsOf: r.volume_as_of,
  };
}

export type QuotesRepo = ReturnType<typeof createQuotesRepo>;

export function createQuotesRepo(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO quotes (symbol, price, change, change_percent, open, high, low, previous_close, volume,
      source, as_of, fetched_at, volume_source, volume_as_of)
    VALUES (@symbol, @price, @change, @changePercent, @open, @high, @low, @previousClose, @volume,
      @source, @asOf, @fetchedAt, @volumeSource, @volumeAsOf)
    ON CONFLICT(symbol) DO UPDATE SET
      price = excluded.price, change = excluded.change, change_percent = excluded.change_percent,
      open = excluded.open, high = excluded.high, low = excluded.low,
      previous_close = excluded.previous_close, volume = excluded.volume, source = excluded.source,
      as_of = excluded.as_of, fetched_at = excluded.fetched_at,
      volume_source = excluded.volume_source, volume_as_of = excluded.volume_as_of
  `);
  const insertHistory = db.prepare(
    'INSERT OR REPLACE INTO quote_history (symbol, ts, price, volume) VALUES (?, ?, ?, ?)',
  );
  const one = db.prepare('SELECT * FROM quotes WHERE symbol = ?');
  const all = db.prepare('SELECT * FROM quotes');
  const count = db.prepare('SELECT COUNT(*) AS n FROM quotes');
  const history = db.prepare(
    'SELECT ts, price, volume FROM quote_history WHERE symbol = ? AND ts >= ? AND ts <= ? ORDER BY ts',
  );
  const lastHistory = db.prepare('SELECT symbol, MAX(ts) AS ts FROM quote_history GROUP BY symbol');
  const prune = db.prepare('DELETE FROM quote_history WHERE ts < ?');
  const bySource = db.prepare('DELETE FROM quotes WHERE source = ? RETURNING symbol');

  return {
    /** Writes quotes and their history points in one transaction: a batch is whole or absent. */
    write(quotes: StoredQuote[], historyPoints: { symbol: string; point: HistoryPoint }[]): void {
      db.transaction(() => {
        for (const q of quotes) upsert.run({ volumeSource: null, volumeAsOf: null, ...q });
        for (const h of historyPoints) insertHistory.run(h.symbol, h.point.ts, h.point.price, h.point.volume);
      })();
    },
    get(symbol: string): StoredQuote | undefined {
      const r = one.get(symbol) as Raw | undefined;
      return r ? fromRaw(r) : undefined;
    },
    all(): StoredQuote[] {
      return (all.all() as Raw[]).map(fromRaw);
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
    history(symbol: string, from: number, to: number): HistoryPoint[] {
      return history.all(symbol, from, to) as HistoryPoint[];
    },
    lastHistoryTimes(): Map<string, number> {
      const rows = lastHistory.all() as { symbol: string; ts: number }[];
      return new Map(rows.map((r) => [r.symbol, r.ts]));
    },
    pruneHistory(before: number): number {
      return prune.run(before).changes;
    },
    /** Deletes every latest quote from one source; returns their symbols. */
    deleteBySource(source: ProviderId): string[] {
      return (bySource.all(source) as { symbol: string }[]).map((r) => r.symbol);
    },
  };
}
