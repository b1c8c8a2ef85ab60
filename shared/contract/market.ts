// Contract entries for the market clock, and the refresh plan and scheduler progress shapes.
import { z } from 'zod';
import { providerIdSchema, tierSchema } from '../quote';
import { endpoint } from './endpoint';

const isoTime = z.iso.datetime({ offset: false });

export const marketSessionSchema = z.enum(['pre', 'regular', 'post', 'closed']);
export type MarketSession = z.infer<typeof marketSessionSchema>;

export const marketStatusSchema = z.object({
  /** The instant this answer is for. */
  at: isoTime,
  session: marketSessionSchema,
  /** When the current session (or closure) began. */
  since: isoTime,
  /** When the current session ends. */
  nextChange: isoTime,
  /** The session that begins at `nextChange`. */
  nextSession: marketSessionSchema,
  /** The next regular-session open after `at`. */
  nextOpen: isoTime,
  /** The holiday or special closure of `at`'s New York date. */
  holiday: z.string().optional(),
  /** The early close (13:00) of `at`'s New York date. */
  earlyClose: z.string().optional(),
  timeZone: z.literal('America/New_York'),
});
export type MarketStatus = z.infer<typeof marketStatusSchema>;

/** How one tier is refreshed under a plan. */
export const tierPlanSchema = z.object({
  tier: tierSchema,
  /** Symbols in the tier. */
  symbols: z.number().int().nonnegative(),
  /** Of them, carried by a stream: they cost no polling calls. */
  streamed: z.number().int().nonnegative(),
  /** Pinned here (watchlists, portfolios, index proxies, overrides): never shrunk away. */
  pinned: z.number().int().nonnegative(),
  askedSize: z.number().int().nonnegative().nullable(),
  askedIntervalMs: z.number().int().positive(),
  /** The interval the budget allows; for tier 3 the time between after-close snapshots. */
  intervalMs: z.number().int().positive(),
  /** Polled in the planned session (tier 3 is refreshed after the close and with spare calls). */
  polling: z.boolean(),
  callsPerMinute: z.number().nonnegative(),
  stretched: z.boolean(),
  shrunk: z.boolean(),
});
export type TierPlan = z.infer<typeof tierPlanSchema>;

export const providerPlanSchema = z.object({
  id: providerIdSchema,
  /** As written: "30/s,60/min". */
  limits: z.string(),
  label: z.string(),
  bulkSize: z.number().int().positive(),
  /** The plan's own steady rate (tightest window), before any margin. */
  limitPerMinute: z.number().nonnegative(),
  /** What the planner lets itself spend: the limit less the safety margin. */
  usablePerMinute: z.number().nonnegative(),
  /** Planned for the tiers. */
  plannedPerMinute: z.number().nonnegative(),
  streamedSymbols: z.number().int().nonnegative(),
  role: z.enum(['primary', 'fallback']),
});
export type ProviderPlan = z.infer<typeof providerPlanSchema>;

export const refreshPlanSchema = z.object({
  session: marketSessionSchema,
  /** The simulated feed runs around the clock: its market never closes. */
  alwaysOpen: z.boolean(),
  providers: z.array(providerPlanSchema),
  tiers: z.array(tierPlanSchema),
  /** Fraction of every limit never planned (0-1). */
  safetyMargin: z.number().min(0).max(1),
  /** Calls per minute kept for on-demand refreshes. */
  reservePerMinute: z.number().nonnegative(),
  /** Usable calls per minute left after tiers and reserve. */
  headroomPerMinute: z.number(),
  /** Steady rate of scheduled calls while polling: usable less a small hold for instant on-demand calls. */
  pacePerMinute: z.number().nonnegative(),
  /** Spare calls per minute given to tier 3 while polling (unused short-window calls expire). */
  sparePerMinute: z.number().nonnegative(),
  /** How long spare calls take to go round tier 3 once (never faster than tier 2), or null. */
  spareSweepMs: z.number().positive().nullable(),
  /** The after-close snapshot: every symbol once. */
  snapshot: z.object({
    symbols: z.number().int().nonnegative(),
    calls: z.number().int().nonnegative(),
    minutes: z.number(),
  }),
  feasible: z.boolean(),
  /** What was stretched or shrunk, and why, in words. */
  adjustments: z.array(z.string()),
  /** One sentence for the UI: what these keys buy. */
  sentence: z.string(),
});
export type RefreshPlan = z.infer<typeof refreshPlanSchema>;

export const jobNameSchema = z.enum(['tier1', 'tier2', 'tier3', 'spare', 'reclassify', 'profiles']);
export type JobName = z.infer<typeof jobNameSchema>;

export const jobStatusSchema = z.object({
  name: jobNameSchema,
  state: z.enum(['idle', 'running', 'waiting']),
  /** This cycle: symbols refreshed of the cycle's total. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  lastRun: isoTime.nullable(),
  lastFinished: isoTime.nullable(),
  nextRun: isoTime.nullable(),
  /** Symbols that failed in this cycle. */
  failures: z.number().int().nonnegative(),
  note: z.string().nullable(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const schedulerStatusSchema = z.object({
  running: z.boolean(),
  /** Why nothing is polled now, when nothing is. */
  idleReason: z.string().nullable(),
  onDemandQueued: z.number().int().nonnegative(),
  callsInFlight: z.number().int().nonnegative(),
  jobs: z.array(jobStatusSchema),
});
export type SchedulerStatus = z.infer<typeof schedulerStatusSchema>;

export const marketEndpoints = {
  getMarketStatus: endpoint({
    method: 'GET',
    path: '/market/status',
    scope: 'read',
    summary:
      'The US market clock (America/New_York) now or at any instant: session, since, next change, next open, holiday and early close.',
    input: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
    output: marketStatusSchema,
  }),
};
