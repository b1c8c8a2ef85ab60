// Asks the engine for the quotes a screen shows but does not have yet (a fresh start, a new key).
import { useEffect } from 'react';
import type { MarketApi } from '../../../shared/contract';
import { useApi } from '../api/context';
import { useAppStore } from '../store';

/** A symbol asked for is not asked again before this (the engine queues UI asks first). */
export const ASK_AGAIN_MS = 60_000;

const askedAt = new Map<string, number>();

/** Asks for each missing quote once a minute at most; the answers go into the store. */
export function askForMissing(api: MarketApi, symbols: readonly string[], now = Date.now()): void {
  const { quotes, applyQuotes } = useAppStore.getState();
  for (const symbol of symbols) {
    if (quotes[symbol] || now - (askedAt.get(symbol) ?? -Infinity) < ASK_AGAIN_MS) continue;
    askedAt.set(symbol, now);
    api.call('getQuote', { symbol }).then(
      (q) => applyQuotes([q]),
      // No quote yet (the provider is paused, the symbol unknown to it): the row keeps saying so.
      () => undefined,
    );
  }
}

/**
 * The screen's symbols without a quote are asked for on demand, so a watchlist on a fresh start
 * (or right after a key is set outside market hours) does not wait for the scheduler's turn.
 */
export function useEnsureQuotes(symbols: readonly string[]): void {
  const api = useApi();
  const key = symbols.join(',');
  useEffect(() => {
    const list = key === '' ? [] : key.split(',');
    askForMissing(api, list);
    // Once more a little later: a provider change may have dropped the quotes just loaded.
    const t = setTimeout(() => askForMissing(api, list), 15_000);
    return () => clearTimeout(t);
  }, [api, key]);
}
