// Handlers for quotes, fields and symbol search.
import type { Handlers, quoteEndpoints } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { Quote, QuoteField } from '../../../shared/quote';
import type { QuoteService } from '../quote-service';

export type QuoteHandlerDeps = {
  quotes: QuoteService;
  /** Asks for a fresh quote now and resolves when it is stored or the attempt ended. */
  refreshNow: (symbols: string[]) => Promise<void>;
  isKnown: (symbol: string) => boolean;
  now: () => number;
};

/** A field as a spreadsheet cell wants it: plain number, ISO time, empty when unknown. */
export function fieldText(q: Quote, field: QuoteField): string {
  const v = q[field];
  return v === null ? '' : String(v);
}

export function createQuoteHandlers(deps: QuoteHandlerDeps): Pick<Handlers, keyof typeof quoteEndpoints> {
  const quoteOf = async (symbol: string): Promise<Quote> => {
    if (!deps.isKnown(symbol)) {
      throw new ApiError('not_found', `${symbol} is not in the symbol universe`);
    }
    let q = deps.quotes.get(symbol);
    if (!q) {
      await deps.refreshNow([symbol]);
      q = deps.quotes.get(symbol);
    }
    if (!q) {
      throw new ApiError('unavailable', `no quote for ${symbol} yet; it has been asked for, retry shortly`, 5);
    }
    return q;
  };
  return {
    getQuote: ({ symbol }) => quoteOf(symbol),
    getQuoteField: async ({ symbol, field }) => fieldText(await quoteOf(symbol), field),
    listQuotes: (query) => deps.quotes.list(query),
    getPrices: ({ symbol, from, to }) => {
      if (!deps.isKnown(symbol)) throw new ApiError('not_found', `${symbol} is not in the symbol universe`);
      const end = to ? Date.parse(to) : deps.now();
      const start = from ? Date.parse(from) : end - 24 * 3_600_000;
      if (start > end) throw new ApiError('bad_request', 'from must not be after to');
      return {
        symbol,
        from: new Date(start).toISOString(),
        to: new Date(end).toISOString(),
        points: deps.quotes.history(symbol, start, end).map((p) => ({
          t: new Date(p.ts).toISOString(),
          price: p.price,
          volume: p.volume === null ? null : Math.round(p.volume),
        })),
      };
    },
    searchSymbols: ({ q, limit }) => deps.quotes.search(q, limit),
  };
}
