// Latest quote per symbol, fed by pushed batches (at most once per frame) and by replies.
import type { StateCreator } from 'zustand';
import type { Quote } from '../../../shared/quote';
import type { AppState } from './index';

export type QuotesSlice = {
  quotes: Record<string, Quote>;
  /** Bumped on every applied batch: lets throttled views (sorting) know something moved. */
  quotesVersion: number;
  applyQuotes: (batch: readonly Quote[]) => void;
};

export const createQuotesSlice: StateCreator<AppState, [], [], QuotesSlice> = (set) => ({
  quotes: {},
  quotesVersion: 0,
  applyQuotes: (batch) =>
    set((s) => {
      if (batch.length === 0) return s;
      const quotes = { ...s.quotes };
      let changed = false;
      for (const q of batch) {
        const prev = quotes[q.symbol];
        // Never let an older quote overwrite a newer one (a late reply after a push).
        if (!prev || prev.asOf < q.asOf || (prev.asOf === q.asOf && prev.fetchedAt <= q.fetchedAt)) {
          quotes[q.symbol] = q;
          changed = true;
        }
      }
      return changed ? { quotes, quotesVersion: s.quotesVersion + 1 } : s;
    }),
});
