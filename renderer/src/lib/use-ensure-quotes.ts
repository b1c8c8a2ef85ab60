// Asks the engine for the quotes a screen shows but does not have yet (a fresh start, a new key).
import { useEffect } from 'react';
import type { MarketApi } from '../../../shared/contract';
import { useApi } from '../api/context';
import { useAppStore } from '../store';

/** A symbol asked for is not asked again before this (the engine queues UI asks first). */
export const ASK_AGAIN_MS = 60_000;

/**
 * Asks in flight at once. Each ask can wait for a provider call (up to its timeout when providers
 * are down), and a browser gives a server six connections: unbounded asks would starve every other
 * call of the page (a screen, a setting) while they wait.
 */
export const MAX_ASKS_IN_FLIGHT = 2;

const askedAt = new Map<string, number>();
const queue: { api: MarketApi; symbol: string }[] = [];
let inFlight = 0;

function pump(): void {
  while (inFlight < MAX_ASKS_IN_FLIGHT && queue.length > 0) {
    const next = queue.shift();
    if (!next) break;
    // Pushed by the stream while it waited: nothing to ask.
    if (useAppStore.getState().quotes[next.symbol]) continue;
    inFlight++;
    next.api
      .call('getQuote', { symbol: next.symbol })
      .then(
        (q) => useAppStore.getState().applyQuotes([q]),
        // No quote yet (the provider is paused, the symbol unknown to it): the row keeps saying so.
        () => undefined,
      )
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}

/** Asks for each missing quote once a minute at most, a few at a time; the answers go into the store. */
export function askForMissing(api: MarketApi, symbols: readonly string[], now = Date.now()): void {
  const { quotes } = useAppStore.getState();
  for (const symbol of symbols) {
    if (quotes[symbol] || now - (askedAt.get(symbol) ?? -Infinity) < ASK_AGAIN_MS) continue;
    askedAt.set(symbol, now);
    queue.push({ api, symbol });
  }
  pump();
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
