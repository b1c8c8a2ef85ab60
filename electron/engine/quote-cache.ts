// The in-memory quote cache in front of SQLite (the role Redis plays in a server design).
import type { CacheStats } from '../../shared/contract';
import type { StoredQuote } from './store/quotes-repo';

export type QuoteCache = {
  /** A read on behalf of a caller: counts a hit or a miss. */
  read(symbol: string, load: (symbol: string) => StoredQuote | undefined): StoredQuote | undefined;
  /** Engine-internal access: no counting. */
  peek(symbol: string): StoredQuote | undefined;
  set(quote: StoredQuote): void;
  delete(symbol: string): void;
  values(): IterableIterator<StoredQuote>;
  stats(): CacheStats;
};

export function createQuoteCache(): QuoteCache {
  const map = new Map<string, StoredQuote>();
  let hits = 0;
  let misses = 0;
  return {
    read(symbol, load) {
      const cached = map.get(symbol);
      if (cached) {
        hits++;
        return cached;
      }
      misses++;
      const loaded = load(symbol);
      if (loaded) map.set(symbol, loaded);
      return loaded;
    },
    peek: (symbol) => map.get(symbol),
    set(quote) {
      map.set(quote.symbol, quote);
    },
    delete(symbol) {
      map.delete(symbol);
    },
    values: () => map.values(),
    stats() {
      const total = hits + misses;
      return { size: map.size, hits, misses, hitRatio: total === 0 ? 0 : hits / total };
    },
  };
}
