// What is on screen: the current view, the symbol in the detail pane, dismissed banners, theme.
import type { StateCreator } from 'zustand';
import type { Theme } from '../../../shared/contract';
import { applyTheme, cachedTheme } from '../lib/theme';
import type { AppState } from './index';

export type View = 'watchlists' | 'universe' | 'dashboard' | 'portfolios' | 'alerts' | 'usage' | 'health' | 'settings';

export const VIEWS: readonly View[] = [
  'watchlists',
  'universe',
  'dashboard',
  'portfolios',
  'alerts',
  'usage',
  'health',
  'settings',
];

export type UiSlice = {
  view: View;
  detailSymbol: string | null;
  firstRunDismissed: boolean;
  /** A symbol handed to the alert form ("Set alert" in the detail pane). */
  alertDraft: string | null;
  /** When (ms) the search box or the new-watchlist box was asked for the focus (desktop menu);
   *  a box that mounts just after the ask (the screen changed) still takes it. */
  searchFocusRequest: number;
  newWatchlistRequest: number;
  /** Bumped by "Refresh" (desktop menu): load everything from the engine again. */
  refreshRequest: number;
  theme: Theme;
  setAlertDraft: (symbol: string | null) => void;
  setView: (v: View) => void;
  openDetail: (symbol: string | null) => void;
  dismissFirstRun: () => void;
  requestSearchFocus: () => void;
  requestNewWatchlist: () => void;
  requestRefresh: () => void;
  setTheme: (t: Theme) => void;
};

const FIRST_RUN_KEY = 'quotedesk.firstRunDismissed';

function readFlag(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  view: 'watchlists',
  detailSymbol: null,
  firstRunDismissed: typeof window === 'undefined' ? false : readFlag(FIRST_RUN_KEY),
  alertDraft: null,
  searchFocusRequest: 0,
  newWatchlistRequest: 0,
  refreshRequest: 0,
  theme: cachedTheme(),
  setAlertDraft: (alertDraft) => set({ alertDraft }),
  setView: (view) => set({ view }),
  openDetail: (detailSymbol) => set({ detailSymbol }),
  dismissFirstRun: () => {
    try {
      window.localStorage.setItem(FIRST_RUN_KEY, '1');
    } catch {
      // Private mode or a full disk: the banner simply comes back next time.
    }
    set({ firstRunDismissed: true });
  },
  requestSearchFocus: () => set({ searchFocusRequest: Date.now() }),
  requestNewWatchlist: () => set({ newWatchlistRequest: Date.now() }),
  requestRefresh: () => set((s) => ({ refreshRequest: s.refreshRequest + 1 })),
  setTheme: (theme) => {
    applyTheme(theme);
    set({ theme });
  },
});
