// Contract entries for portfolios: holdings (symbol, shares, cost basis) and their live valuation.
import { z } from 'zod';
import { symbolSchema } from '../symbols';
import { endpoint } from './endpoint';

const isoTime = z.iso.datetime({ offset: false });

export const holdingInputSchema = z.object({
  symbol: symbolSchema,
  shares: z.number().positive('shares must be more than 0').max(1e12),
  /** What the whole position cost, in USD (not per share): 10 shares bought at $150 = 1500. */
  costBasis: z.number().nonnegative('costBasis must not be negative').max(1e15),
});
export type HoldingInput = z.infer<typeof holdingInputSchema>;

/** One line per symbol: lots of the same symbol are added together by the user, not guessed here. */
const holdingsInputSchema = z
  .array(holdingInputSchema)
  .max(1000)
  .superRefine((holdings, ctx) => {
    const seen = new Set<string>();
    for (const [i, h] of holdings.entries()) {
      if (seen.has(h.symbol)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'symbol'],
          message: `${h.symbol} is listed twice: give each symbol once, with the shares and cost basis of all its lots added together`,
        });
      }
      seen.add(h.symbol);
    }
  });

export const holdingSchema = z.object({
  symbol: z.string(),
  shares: z.number(),
  costBasis: z.number(),
});
export type Holding = z.infer<typeof holdingSchema>;

export const portfolioSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  /** In the order the user gave them. */
  holdings: z.array(holdingSchema),
});
export type Portfolio = z.infer<typeof portfolioSchema>;

export const holdingValuationSchema = z.object({
  symbol: z.string(),
  shares: z.number(),
  costBasis: z.number(),
  /** Null until the symbol has a quote; such a holding counts for nothing in the totals. */
  price: z.number().nullable(),
  /** shares × price, USD. */
  value: z.number().nullable(),
  /** shares × the quote's change since the previous close. */
  dayChange: z.number().nullable(),
  dayChangePercent: z.number().nullable(),
  /** value − costBasis. */
  gain: z.number().nullable(),
  /** gain / costBasis × 100; null when the cost basis is 0. */
  gainPercent: z.number().nullable(),
  /** Share of the portfolio's value, 0–100. */
  weightPercent: z.number().nullable(),
  asOf: isoTime.nullable(),
  stale: z.boolean(),
});
export type HoldingValuation = z.infer<typeof holdingValuationSchema>;

export const portfolioValuationSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  /** Market value of the priced holdings, USD. */
  value: z.number(),
  /** Change of that value since the previous close. */
  dayChange: z.number(),
  /** dayChange against the value at the previous close, in percent. */
  dayChangePercent: z.number(),
  /** Total cost basis of the priced holdings. */
  costBasis: z.number(),
  /** value − costBasis. */
  totalGain: z.number(),
  totalGainPercent: z.number().nullable(),
  holdings: z.array(holdingValuationSchema),
  /** The newest quote time among the holdings; null when none has a quote yet. */
  asOf: isoTime.nullable(),
  /** True when a holding has no quote or a stale one. */
  stale: z.boolean(),
});
export type PortfolioValuation = z.infer<typeof portfolioValuationSchema>;

const idParam = z.coerce.number().int().positive();
const nameSchema = z.string().trim().min(1, 'a portfolio needs a name').max(80);

// Holdings are private: every portfolio route needs the admin token, so a read token pasted into a
// shared spreadsheet can never reveal what the user owns.
export const portfolioEndpoints = {
  listPortfolios: endpoint({
    method: 'GET',
    path: '/portfolios',
    scope: 'admin',
    summary: 'Every portfolio with its holdings. CSV: one row per portfolio.',
    input: z.object({}),
    output: z.array(portfolioSchema),
    csv: '.',
  }),
  createPortfolio: endpoint({
    method: 'POST',
    path: '/portfolios',
    scope: 'admin',
    summary: 'Create a portfolio; costBasis is what the whole position cost (USD), one line per symbol.',
    input: z.object({ name: nameSchema, holdings: holdingsInputSchema.default([]) }),
    output: portfolioSchema,
    status: 201,
  }),
  getPortfolio: endpoint({
    method: 'GET',
    path: '/portfolios/{id}',
    scope: 'admin',
    summary: 'One portfolio with its holdings.',
    input: z.object({ id: idParam }),
    output: portfolioSchema,
  }),
  updatePortfolio: endpoint({
    method: 'PUT',
    path: '/portfolios/{id}',
    scope: 'admin',
    summary: 'Rename a portfolio or replace its holdings (their order is the display order).',
    input: z.object({ id: idParam, name: nameSchema.optional(), holdings: holdingsInputSchema.optional() }),
    output: portfolioSchema,
  }),
  deletePortfolio: endpoint({
    method: 'DELETE',
    path: '/portfolios/{id}',
    scope: 'admin',
    summary: 'Delete a portfolio and its holdings.',
    input: z.object({ id: idParam }),
    output: z.null(),
    status: 204,
  }),
  getPortfolioValuation: endpoint({
    method: 'GET',
    path: '/portfolios/{id}/valuation',
    scope: 'admin',
    summary: 'Live value, day change and gain of a portfolio and of each holding. CSV: one row per holding.',
    input: z.object({ id: idParam }),
    output: portfolioValuationSchema,
    csv: 'holdings',
  }),
};
