// Makes the one MarketApi available to every component.
import { createContext, useContext, type ReactNode } from 'react';
import type { MarketApi } from '../../../shared/contract';

const ApiContext = createContext<MarketApi | null>(null);

export function ApiProvider({ api, children }: { api: MarketApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): MarketApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
