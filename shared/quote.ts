// The quote shape of DESIGN.md §8 and the symbol record, used by REST, SSE, IPC and the UI.
import { z } from 'zod';

export const providerIdSchema = z.enum(['simulated', 'finnhub', 'alphavantage']);
export type ProviderId = z.infer<typeof providerIdSchema>;

export const tierSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Tier = z.infer<typeof tierSchema>;

const isoTime = z.iso.datetime({ offset: false });

export const quoteSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  exchange: z.string(),
  price: z.number().positive(),
  change: z.number(),
  changePercent: z.number(),
  open: z.number().positive().nullable(),
  high: z.number().positive().nullable(),
  low: z.number().positive().nullable(),
  previousClose: z.number().positive().nullable(),
  volume: z.number().int().nonnegative().nullable(),
  marketCap: z.number().nonnegative().nullable(),
  tier: tierSchema,
  source: providerIdSchema,
  asOf: isoTime,
  fetchedAt: isoTime,
  stale: z.boolean(),
});
export type Quote = z.infer<typeof quoteSchema>;

/** Column order of every CSV of quotes: the order of the quote object. */
export const QUOTE_FIELDS = Object.keys(quoteSchema.shape) as (keyof Quote)[];

/** Fields a spreadsheet can read one at a time as text/plain. */
export const quoteFieldSchema = z.enum([
  'price',
  'change',
  'changePercent',
  'volume',
  'marketCap',
  'open',
  'high',
  'low',
  'previousClose',
  'asOf',
]);
export type QuoteField = z.infer<typeof quoteFieldSchema>;

export const symbolInfoSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  exchange: z.string(),
  sector: z.string().nullable(),
  tier: tierSchema,
});
export type SymbolInfo = z.infer<typeof symbolInfoSchema>;
