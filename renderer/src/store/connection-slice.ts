// The link to the engine: transport state, market-data status, and whether we must sign in.
import type { StateCreator } from 'zustand';
import type { ConnectionState, MarketDataStatus } from '../../../shared/contract';
import type { AppState } from './index';

export type ConnectionSlice = {
  connection: ConnectionState;
  /** When the connection last dropped (ms), to say how old the frozen prices are. */
  lostAt: number | null;
  status: MarketDataStatus | null;
  /** Set when the server said our credentials are missing (browser form without login). */
  needsLogin: boolean;
  /** A failure to load the first data, in words that say what to do. */
  loadError: string | null;
  setConnection: (state: ConnectionState) => void;
  setStatus: (status: MarketDataStatus) => void;
  setNeedsLogin: (v: boolean) => void;
  setLoadError: (message: string | null) => void;
};

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: 'connecting',
  lostAt: null,
  status: null,
  needsLogin: false,
  loadError: null,
  setConnection: (connection) =>
    set((s) => ({
      connection,
      lostAt: connection === 'open' ? null : connection === 'reconnecting' ? (s.lostAt ?? Date.now()) : s.lostAt,
    })),
  setStatus: (status) => set({ status }),
  setNeedsLogin: (needsLogin) => set({ needsLogin }),
  setLoadError: (loadError) => set({ loadError }),
});
