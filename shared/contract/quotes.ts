// Contract entries for quotes, the universe and symbol search.
import { z } from 'zod';
import { quoteFieldSchema, quoteSchema, symbolInfoSchema, tierSchema } from '../quote';
import { symbolListSchema, symbolSchema } from '../symbols';
import { endpoint } from './endpoint';

export const quoteSortSchema = z.enum([
  'symbol',
  'name',
  'price',
  'change',
  'changePercent',
  'volume',
  'marketCap',
  'tier',
  'asOf',
]);
export type QuoteSort = z.infer<typeof quoteSortSchema>;

export const marketLiveQuerySchema = z.object({
  symbols: symbolListSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(10000).default(100),
  sort: quoteSortSchema.default('symbol'),
  order: z.enum(['asc', 'desc']).default('asc'),
  tier: z.coerce.number().pipe(tierSchema).optional(),
  exchange: z.string().trim().toUpperCase().max(16).optional(),
  minMarketCap: z.coerce.number().nonnegative().optional(),
  q: z.string().trim().max(64).optional(),
});
export type MarketLiveQuery = z.infer<typeof marketLiveQuerySchema>;

export const quotePageSchema = z.object({
  items: z.array(quoteSchema),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  total: z.number().int().nonnegative(),
});
export type QuotePage = z.infer<typeof quotePageSchema>;

export const pricePointSchema = z.object({
  t: z.iso.datetime({ offset: false }),
  price: z.number().positive(),
  volume: z.number().int().nonnegative().nullable(),
});
export type PricePoint = z.infer<typeof pricePointSchema>;

export const priceHistorySchema = z.object({
  symbol: z.string(),
  from: z.iso.datetime({ offset: false }),
  to: z.iso.datetime({ offset: false }),
  points: z.array(pricePointSchema),
});
export type PriceHistory = z.infer<typeof priceHistorySchema>;

export const quoteEndpoints = {
  getQuote: endpoint({
    method: 'GET',
    path: '/tickers/{symbol}/live',
    scope: 'read',
    summary: 'One live quote, from the cache first.',
    input: z.object({ symbol: symbolSchema }),
    output: quoteSchema,
    errors: ['unavailable'],
  }),
  getQuoteField: endpoint({
    method: 'GET',
    path: '/tickers/{symbol}/{field}',
    scope: 'read',
    summary: "One field of a quote as text/plain, for spreadsheets' WEBSERVICE().",
    input: z.object({ symbol: symbolSchema, field: quoteFieldSchema }),
    output: z.string(),
    text: true,
    errors: ['unavailable'],
  }),
  listQuotes: endpoint({
    method: 'GET',
    path: '/market/live',
    scope: 'read',
    summary: 'Many quotes: pick symbols, filter, sort and page. CSV with format=csv.',
    input: marketLiveQuerySchema,
    output: quotePageSchema,
    csv: 'items',
  }),
  getPrices: endpoint({
    method: 'GET',
    path: '/market-data/prices/{symbol}',
    scope: 'read',
    summary: 'Intraday history (one point per minute at most): from/to are ISO-8601, default the last 24 hours.',
    input: z.object({
      symbol: symbolSchema,
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
    }),
    output: priceHistorySchema,
    csv: 'points',
  }),
  searchSymbols: endpoint({
    method: 'GET',
    path: '/symbols',
    scope: 'read',
    summary: 'Search the universe by symbol or company name; exact symbol matches first.',
    input: z.object({
      q: z.string().trim().min(1).max(64),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
    output: z.array(symbolInfoSchema),
    csv: '.',
  }),
};
