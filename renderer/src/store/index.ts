// The UI's state, built from slices; components read it through selectors.
import { create } from 'zustand';
import type { ConnectionState, MarketDataStatus, Watchlist } from '../../../shared/contract';
import type { Quote } from '../../../shared/quote';

export type QuotesSlice = {
  quotes: Record<string, Quote>;
  applyQuotes: (batch: readonly Quote[]) => void;
};

export type WatchlistsSlice = {
  watchlists: Watchlist[];
  activeWatchlistId: number | null;
  setWatchlists: (list: Watchlist[]) => void;
  upsertWatchlist: (w: Watchlist) => void;
  removeWatchlist: (id: number) => void;
  selectWatchlist: (id: number | null) => void;
};

export type ConnectionSlice = {
  connection: ConnectionState;
  status: MarketDataStatus | null;
  /** Set when the server said our credentials are missing (browser form without login). */
  needsLogin: boolean;
  setConnection: (state: ConnectionState) => void;
  setStatus: (status: MarketDataStatus) => void;
  setNeedsLogin: (v: boolean) => void;
};

export type AppState = QuotesSlice & WatchlistsSlice & ConnectionSlice;

export const useAppStore = create<AppState>()((set) => ({
  quotes: {},
  applyQuotes: (batch) =>
    set((s) => {
      if (batch.length === 0) return s;
      const quotes = { ...s.quotes };
      for (const q of batch) {
        const prev = quotes[q.symbol];
        // Never let an older quote overwrite a newer one (a late reply after a push).
        if (!prev || prev.asOf <= q.asOf) quotes[q.symbol] = q;
      }
      return { quotes };
    }),

  watchlists: [],
  activeWatchlistId: null,
  setWatchlists: (list) =>
    set((s) => ({
      watchlists: list,
      activeWatchlistId:
        s.activeWatchlistId !== null && list.some((w) => w.id === s.activeWatchlistId)
          ? s.activeWatchlistId
          : (list[0]?.id ?? null),
    })),
  upsertWatchlist: (w) =>
    set((s) => {
      const exists = s.watchlists.some((x) => x.id === w.id);
      return {
        watchlists: exists ? s.watchlists.map((x) => (x.id === w.id ? w : x)) : [...s.watchlists, w],
        activeWatchlistId: s.activeWatchlistId ?? w.id,
      };
    }),
  removeWatchlist: (id) =>
    set((s) => {
      const watchlists = s.watchlists.filter((w) => w.id !== id);
      return {
        watchlists,
        activeWatchlistId: s.activeWatchlistId === id ? (watchlists[0]?.id ?? null) : s.activeWatchlistId,
      };
    }),
  selectWatchlist: (id) => set({ activeWatchlistId: id }),

  connection: 'connecting',
  status: null,
  needsLogin: false,
  setConnection: (connection) => set({ connection }),
  setStatus: (status) => set({ status }),
  setNeedsLogin: (needsLogin) => set({ needsLogin }),
}));

/**
 * Collects pushed quote batches and applies them at most once per animation frame, so a burst of
 * events costs one store update and one render.
 */
export function createFrameBatcher(apply: (batch: Quote[]) => void, schedule: (fn: () => void) => void) {
  let pending = new Map<string, Quote>();
  let scheduled = false;
  return (batch: readonly Quote[]) => {
    for (const q of batch) pending.set(q.symbol, q);
    if (scheduled) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      const out = [...pending.values()];
      pending = new Map();
      apply(out);
    });
  };
}
