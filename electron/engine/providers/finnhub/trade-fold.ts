// Folds streamed trades into quotes: last price and its time, day range; volume is never IEX's.
import { round } from '../body';
import type { ProviderQuote } from '../types';
import { dateIn, NEW_YORK } from '../zoned-time';
import type { Trade } from './parse';

/** What a fold needs of the quote already stored for a symbol. */
export type BaseQuote = {
  price: number;
  change: number;
  previousClose: number | null;
  open: number | null;
  high: number | null;
  low: number | null;
  asOf: number;
};

/**
 * One quote per symbol from a batch of trades, on top of the stored quote of the same New York
 * day (a trade alone does not say the previous close; a REST quote starts each day). The free
 * stream carries IEX trades only, a few percent of the tape: `volume` is left null so the day's
 * consolidated volume from another provider stays, and IEX volume is never shown as the day's.
 */
export function foldTrades(
  trades: Trade[],
  base: (symbol: string) => BaseQuote | undefined,
  now: number,
): ProviderQuote[] {
  const bySymbol = new Map<string, Trade[]>();
  for (const t of trades) {
    const list = bySymbol.get(t.symbol);
    if (list) list.push(t);
    else bySymbol.set(t.symbol, [t]);
  }
  const out: ProviderQuote[] = [];
  for (const [symbol, list] of bySymbol) {
    const b = base(symbol);
    if (!b) continue;
    const day = dateIn(b.asOf, NEW_YORK);
    const today = list.filter((t) => t.time > b.asOf && t.time <= now && dateIn(t.time, NEW_YORK) === day);
    if (today.length === 0) continue;
    const last = today.reduce((a, t) => (t.time >= a.time ? t : a));
    const prices = today.map((t) => t.price);
    const change =
      b.previousClose !== null ? round(last.price - b.previousClose) : round(b.change + (last.price - b.price));
    const ref = b.previousClose ?? b.price - b.change;
    out.push({
      symbol,
      price: last.price,
      change,
      changePercent: ref > 0 ? round((change / ref) * 100, 4) : 0,
      open: b.open,
      high: Math.max(b.high ?? last.price, ...prices),
      low: Math.min(b.low ?? last.price, ...prices),
      previousClose: b.previousClose,
      volume: null,
      asOf: last.time,
    });
  }
  return out;
}
