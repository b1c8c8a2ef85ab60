// What is on screen: the current view, the symbol in the detail pane, dismissed banners.
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type View = 'watchlists' | 'universe' | 'dashboard' | 'alerts';

export const VIEWS: readonly View[] = ['watchlists', 'universe', 'dashboard', 'alerts'];

export type UiSlice = {
  view: View;
  detailSymbol: string | null;
  firstRunDismissed: boolean;
  /** A symbol handed to the alert form ("Set alert" in the detail pane). */
  alertDraft: string | null;
  setAlertDraft: (symbol: string | null) => void;
  setView: (v: View) => void;
  openDetail: (symbol: string | null) => void;
  dismissFirstRun: () => void;
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
});
