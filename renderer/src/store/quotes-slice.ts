// Latest quote per symbol, fed by pushed batches (at most once per frame) and by replies.
import type { StateCreator } from 'zustand';
import type { Quote } from '../../../shared/quote';
import type { AppState } from './index';

export type QuotesSlice = {
  /**
   * Latest quote per symbol. The record is updated in place: copying 5,500 entries on every frame
   * cost more than the whole render. Nothing selects the record itself; readers select one quote
   * (a new object whenever it changes), `quotesVersion`, or read it through getState().
   */
  quotes: Record<string, Quote>;
  /** How many symbols have a quote. */
  quotedCount: number;
  /** Bumped on every applied batch: lets throttled views (sorting) know something moved. */
  quotesVersion: number;
  applyQuotes: (batch: readonly Quote[]) => void;
  /** Forgets the quotes that match (the simulated ones once real providers take over). */
  dropQuotes: (match: (q: Quote) => boolean) => void;
};

export const createQuotesSlice: StateCreator<AppState, [], [], QuotesSlice> = (set) => ({
  quotes: {},
  quotedCount: 0,
  quotesVersion: 0,
  applyQuotes: (batch) =>
    set((s) => {
      if (batch.length === 0) return s;
      const quotes = s.quotes;
      let changed = false;
      let added = 0;
      for (const q of batch) {
        const prev = quotes[q.symbol];
        // Never let an older quote overwrite a newer one (a late reply after a push).
        if (!prev || prev.asOf < q.asOf || (prev.asOf === q.asOf && prev.fetchedAt <= q.fetchedAt)) {
          if (!prev) added++;
          quotes[q.symbol] = q;
          changed = true;
        }
      }
      return changed ? { quotes, quotedCount: s.quotedCount + added, quotesVersion: s.quotesVersion + 1 } : s;
    }),
  dropQuotes: (match) =>
    set((s) => {
      const quotes: Record<string, Quote> = {};
      let kept = 0;
      for (const [symbol, q] of Object.entries(s.quotes)) {
        if (match(q)) continue;
        quotes[symbol] = q;
        kept++;
      }
      return kept === s.quotedCount ? s : { quotes, quotedCount: kept, quotesVersion: s.quotesVersion + 1 };
    }),
});
