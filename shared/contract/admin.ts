// Contract entries for tiers, overrides, poll intervals and on-demand refreshes (admin scope).
import { z } from 'zod';
import { tierSchema } from '../quote';
import { symbolListSchema } from '../symbols';
import { endpoint } from './endpoint';
import { tierPlanSchema } from './market';

const isoTime = z.iso.datetime({ offset: false });

const atLeastOneSymbol = symbolListSchema.refine((list) => list.length > 0, 'give at least one symbol');

export const tierMemberSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  tier: tierSchema,
  /** Why it sits there: pinned (watchlist, portfolio, index proxy), a user override, or its rank. */
  reason: z.enum(['pinned', 'override', 'rank']),
  /** 1 = most active by dollar volume and market cap. */
  rank: z.number().int().positive().nullable(),
  dollarVolume: z.number().nonnegative().nullable(),
  marketCap: z.number().nonnegative().nullable(),
});
export type TierMember = z.infer<typeof tierMemberSchema>;

export const tiersSchema = z.object({
  classifiedAt: isoTime.nullable(),
  /** The plan for each tier: size, interval, calls per minute, what was stretched or shrunk. */
  tiers: z.array(tierPlanSchema),
  sentence: z.string(),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  total: z.number().int().nonnegative(),
  symbols: z.array(tierMemberSchema),
});
export type Tiers = z.infer<typeof tiersSchema>;

export const overrideSchema = z.object({
  symbol: z.string(),
  tier: tierSchema,
  createdAt: isoTime,
});
export type Override = z.infer<typeof overrideSchema>;

const intervalSecondsSchema = z
  .number()
  .int()
  .min(1)
  .max(7 * 86_400);

export const pollIntervalSchema = z.object({
  tier: tierSchema,
  /** What is asked: the user's value, or the feed's default. */
  intervalSeconds: z.number().positive(),
  size: z.number().int().nonnegative().nullable(),
  isDefault: z.boolean(),
  /** What the budget gives under the current plan. */
  effectiveSeconds: z.number().positive(),
  effectiveSize: z.number().int().nonnegative(),
});
export type PollInterval = z.infer<typeof pollIntervalSchema>;

export const pollIntervalsSchema = z.object({
  feed: z.enum(['simulated', 'live']),
  /** Pre- and post-market polling (a setting of the app). */
  extendedHours: z.boolean(),
  tiers: z.array(pollIntervalSchema),
  adjustments: z.array(z.string()),
  sentence: z.string(),
});
export type PollIntervals = z.infer<typeof pollIntervalsSchema>;

const tierAskSchema = z
  .object({
    intervalSeconds: intervalSecondsSchema.optional(),
    size: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

export const setPollIntervalsSchema = z
  .object({
    tier1: tierAskSchema.optional(),
    tier2: tierAskSchema.optional(),
    /** Only the simulated feed polls tier 3 on a clock; a live market refreshes it after the close. */
    tier3: z.object({ intervalSeconds: intervalSecondsSchema.optional() }).strict().optional(),
    /** Back to the feed's defaults (applied before the other fields). */
    reset: z.boolean().optional(),
  })
  .strict();

export const refreshAcceptedSchema = z.object({
  symbols: z.array(z.string()),
  /** Provider calls this takes. */
  calls: z.number().int().nonnegative(),
  /** When the quotes should be stored. */
  estimatedDoneAt: isoTime,
  /** On-demand calls queued before these. */
  queuedAhead: z.number().int().nonnegative(),
});
export type RefreshAccepted = z.infer<typeof refreshAcceptedSchema>;

export const adminEndpoints = {
  getTiers: endpoint({
    method: 'GET',
    path: '/admin/tiers',
    scope: 'admin',
    summary: 'Tier of every symbol with its reason and rank, and the plan of each tier. CSV with format=csv.',
    input: z.object({
      tier: z.coerce.number().pipe(tierSchema).optional(),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(10_000).default(1000),
    }),
    output: tiersSchema,
    csv: 'symbols',
  }),
  reclassifyTiers: endpoint({
    method: 'POST',
    path: '/admin/tiers/reclassify',
    scope: 'admin',
    summary: 'Rank the universe again now (it also happens after every trading day).',
    input: z.object({}),
    output: z.object({ changed: z.number().int().nonnegative(), classifiedAt: isoTime }),
  }),
  listOverrides: endpoint({
    method: 'GET',
    path: '/admin/overrides',
    scope: 'admin',
    summary: 'Symbols pinned to a tier by the user.',
    input: z.object({}),
    output: z.array(overrideSchema),
    csv: '.',
  }),
  setOverrides: endpoint({
    method: 'POST',
    path: '/admin/overrides',
    scope: 'admin',
    summary: 'Pin symbols to a tier (an override beats watchlist pins); answers every override.',
    input: z.object({ symbols: atLeastOneSymbol, tier: tierSchema }),
    output: z.array(overrideSchema),
  }),
  deleteOverrides: endpoint({
    method: 'DELETE',
    path: '/admin/overrides',
    scope: 'admin',
    summary: 'Remove overrides (symbols=A,B); answers the overrides left.',
    input: z.object({ symbols: atLeastOneSymbol }),
    output: z.array(overrideSchema),
  }),
  getPollIntervals: endpoint({
    method: 'GET',
    path: '/admin/poll-intervals',
    scope: 'admin',
    summary: 'Asked and effective refresh interval and size of each tier.',
    input: z.object({}),
    output: pollIntervalsSchema,
  }),
  setPollIntervals: endpoint({
    method: 'POST',
    path: '/admin/poll-intervals',
    scope: 'admin',
    summary: 'Ask for other intervals or tier sizes; the planner stretches or shrinks what the budget cannot carry.',
    input: setPollIntervalsSchema,
    output: pollIntervalsSchema,
  }),
  refreshMarketData: endpoint({
    method: 'POST',
    path: '/market-data/refresh',
    scope: 'admin',
    summary:
      'Refresh symbols now within the on-demand reserve: 202 with when they will be stored, or 429 with retryAfter.',
    input: z.object({ symbols: atLeastOneSymbol }),
    output: refreshAcceptedSchema,
    status: 202,
  }),
};
