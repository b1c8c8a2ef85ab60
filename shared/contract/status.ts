// Contract entries for the health of the data pipe: providers, cache, scheduler.
import { z } from 'zod';
import { providerIdSchema } from '../quote';
import { endpoint } from './endpoint';
import { marketStatusSchema, refreshPlanSchema, schedulerStatusSchema } from './market';

const isoTime = z.iso.datetime({ offset: false });

export const rateWindowSchema = z.object({
  limit: z.number().int().positive(),
  windowMs: z.number().int().positive(),
  /** As the user wrote it: `s`, `min`, `hour` or `day`. */
  unit: z.enum(['s', 'min', 'hour', 'day']),
});
export type RateWindow = z.infer<typeof rateWindowSchema>;

/** One window of a plan with what is spent in it, counted as the provider counts. */
export const windowUsageSchema = rateWindowSchema.extend({
  used: z.number().int().nonnegative(),
  /** When the oldest counted call stops counting (the day's reset for daily windows), or null. */
  resetsAt: isoTime.nullable(),
});
export type WindowUsage = z.infer<typeof windowUsageSchema>;

export const providerStatusSchema = z.object({
  id: providerIdSchema,
  /** Breaker closed and not paused: calls go out. */
  state: z.enum(['ok', 'paused', 'down']),
  breaker: z.enum(['closed', 'open', 'half-open']),
  pausedUntil: isoTime.nullable(),
  reason: z.string().nullable(),
  limits: z.array(rateWindowSchema),
  /** Used / limit in each window of `limits` (absent from engines before the provider manager). */
  usage: z.array(windowUsageSchema).optional(),
});
export type ProviderStatus = z.infer<typeof providerStatusSchema>;

export const cacheStatsSchema = z.object({
  size: z.number().int().nonnegative(),
  hits: z.number().int().nonnegative(),
  misses: z.number().int().nonnegative(),
  hitRatio: z.number().min(0).max(1),
});
export type CacheStats = z.infer<typeof cacheStatsSchema>;

export const marketDataStatusSchema = z.object({
  /** `simulated` when every quote comes from the built-in simulated feed. */
  feed: z.enum(['simulated', 'live']),
  providers: z.array(providerStatusSchema),
  cache: cacheStatsSchema,
  symbols: z.number().int().nonnegative(),
  quoted: z.number().int().nonnegative(),
  startedAt: isoTime,
  /** What the keys buy: tiers, intervals, calls per minute, reserve, the plan sentence. */
  plan: refreshPlanSchema.optional(),
  /** Jobs and their progress: this cycle's n of N, last and next run, failures. */
  scheduler: schedulerStatusSchema.optional(),
  market: marketStatusSchema.optional(),
});
export type MarketDataStatus = z.infer<typeof marketDataStatusSchema>;

export const statusEndpoints = {
  getMarketDataStatus: endpoint({
    method: 'GET',
    path: '/market-data/status',
    scope: 'read',
    summary: 'Providers (health, breaker, limits), the quote cache and the scheduler.',
    input: z.object({}),
    output: marketDataStatusSchema,
  }),
};
