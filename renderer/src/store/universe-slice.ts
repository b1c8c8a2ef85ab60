// The symbol directory (every symbol, quoted or not) behind the universe table and the detail pane.
import type { StateCreator } from 'zustand';
import type { UniverseEntry } from '../../../shared/contract';
import type { AppState } from './index';

export type UniverseSlice = {
  universe: UniverseEntry[] | null;
  universeBySymbol: Record<string, UniverseEntry>;
  setUniverse: (list: UniverseEntry[]) => void;
};

export const createUniverseSlice: StateCreator<AppState, [], [], UniverseSlice> = (set) => ({
  universe: null,
  universeBySymbol: {},
  setUniverse: (list) => set({ universe: list, universeBySymbol: Object.fromEntries(list.map((e) => [e.symbol, e])) }),
});
