// The user's watchlists (order is display order) and which one is open.
import type { StateCreator } from 'zustand';
import type { Watchlist } from '../../../shared/contract';
import type { AppState } from './index';

export type WatchlistsSlice = {
  watchlists: Watchlist[];
  watchlistsLoaded: boolean;
  activeWatchlistId: number | null;
  setWatchlists: (list: Watchlist[]) => void;
  upsertWatchlist: (w: Watchlist) => void;
  removeWatchlist: (id: number) => void;
  selectWatchlist: (id: number | null) => void;
};

export const createWatchlistsSlice: StateCreator<AppState, [], [], WatchlistsSlice> = (set) => ({
  watchlists: [],
  watchlistsLoaded: false,
  activeWatchlistId: null,
  setWatchlists: (list) =>
    set((s) => ({
      watchlists: list,
      watchlistsLoaded: true,
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
});
