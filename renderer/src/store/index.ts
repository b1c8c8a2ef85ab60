// The UI's state, built from slices (one file each); components read it through selectors.
import { create } from 'zustand';
import { createAlertsSlice, type AlertsSlice } from './alerts-slice';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice';
import { createPortfoliosSlice, type PortfoliosSlice } from './portfolios-slice';
import { createQuotesSlice, type QuotesSlice } from './quotes-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createUniverseSlice, type UniverseSlice } from './universe-slice';
import { createWatchlistsSlice, type WatchlistsSlice } from './watchlists-slice';

export type AppState = QuotesSlice &
  WatchlistsSlice &
  ConnectionSlice &
  UniverseSlice &
  AlertsSlice &
  PortfoliosSlice &
  UiSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createQuotesSlice(...a),
  ...createWatchlistsSlice(...a),
  ...createConnectionSlice(...a),
  ...createUniverseSlice(...a),
  ...createAlertsSlice(...a),
  ...createPortfoliosSlice(...a),
  ...createUiSlice(...a),
}));

export { createFrameBatcher } from './frame-batcher';
export type { Toast } from './alerts-slice';
export type { View } from './ui-slice';
export { VIEWS } from './ui-slice';
