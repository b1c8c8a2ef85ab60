// The link to the engine: transport state, market-data status, and whether we must sign in.
import type { StateCreator } from 'zustand';
import type { ConnectionState, MarketDataStatus, MarketStatus } from '../../../shared/contract';
import type { AppState } from './index';

export type ConnectionSlice = {
  connection: ConnectionState;
  /** When the connection last dropped (ms), to say how old the frozen prices are. */
  lostAt: number | null;
  status: MarketDataStatus | null;
  /** The US market clock: session, next change, holiday or early close. */
  market: MarketStatus | null;
  /** Pre- and post-market sessions are polled (a setting the poll-interval answer reports). */
  extendedHours: boolean;
  /** Set when the server said our credentials are missing (browser form without login). */
  needsLogin: boolean;
  /** A failure to load the first data, in words that say what to do. */
  loadError: string | null;
  setConnection: (state: ConnectionState) => void;
  setStatus: (status: MarketDataStatus) => void;
  setMarket: (market: MarketStatus) => void;
  setExtendedHours: (on: boolean) => void;
  setNeedsLogin: (v: boolean) => void;
  setLoadError: (message: string | null) => void;
};

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: 'connecting',
  lostAt: null,
  status: null,
  market: null,
  extendedHours: false,
  needsLogin: false,
  loadError: null,
  setConnection: (connection) =>
    set((s) => ({
      connection,
      lostAt: connection === 'open' ? null : connection === 'reconnecting' ? (s.lostAt ?? Date.now()) : s.lostAt,
    })),
  // The status carries the market clock too; keep whichever is newer.
  setStatus: (status) =>
    set((s) => ({
      status,
      market: status.market && (!s.market || status.market.at >= s.market.at) ? status.market : s.market,
    })),
  setMarket: (market) => set((s) => (!s.market || market.at >= s.market.at ? { market } : s)),
  setExtendedHours: (extendedHours) => set({ extendedHours }),
  setNeedsLogin: (needsLogin) => set({ needsLogin }),
  setLoadError: (loadError) => set({ loadError }),
});
