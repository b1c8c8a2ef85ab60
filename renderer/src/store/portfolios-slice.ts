// The user's portfolios (holdings) and their live valuations, pushed by the engine as `portfolio` events.
import type { StateCreator } from 'zustand';
import type { Portfolio, PortfolioValuation } from '../../../shared/contract';
import type { AppState } from './index';

export type PortfoliosSlice = {
  portfolios: Portfolio[] | null;
  /** Latest valuation per portfolio id. */
  valuations: Record<number, PortfolioValuation>;
  activePortfolioId: number | null;
  setPortfolios: (list: Portfolio[]) => void;
  upsertPortfolio: (p: Portfolio) => void;
  removePortfolio: (id: number) => void;
  /** The `portfolio` event: every portfolio's valuation, the whole set. */
  setValuations: (list: readonly PortfolioValuation[]) => void;
  setValuation: (v: PortfolioValuation) => void;
  selectPortfolio: (id: number | null) => void;
};

export const createPortfoliosSlice: StateCreator<AppState, [], [], PortfoliosSlice> = (set) => ({
  portfolios: null,
  valuations: {},
  activePortfolioId: null,
  setPortfolios: (list) =>
    set((s) => ({
      portfolios: list,
      activePortfolioId:
        s.activePortfolioId !== null && list.some((p) => p.id === s.activePortfolioId)
          ? s.activePortfolioId
          : (list[0]?.id ?? null),
    })),
  upsertPortfolio: (p) =>
    set((s) => {
      const list = s.portfolios ?? [];
      const exists = list.some((x) => x.id === p.id);
      return { portfolios: exists ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p] };
    }),
  removePortfolio: (id) =>
    set((s) => {
      const portfolios = (s.portfolios ?? []).filter((p) => p.id !== id);
      const valuations = { ...s.valuations };
      delete valuations[id];
      return {
        portfolios,
        valuations,
        activePortfolioId: s.activePortfolioId === id ? (portfolios[0]?.id ?? null) : s.activePortfolioId,
      };
    }),
  setValuations: (list) => set({ valuations: Object.fromEntries(list.map((v) => [v.id, v])) }),
  setValuation: (v) => set((s) => ({ valuations: { ...s.valuations, [v.id]: v } })),
  selectPortfolio: (activePortfolioId) => set({ activePortfolioId }),
});
