// Contract entry for the health screen: current figures, a short history and the last log errors.
import { z } from 'zod';
import { providerIdSchema } from '../quote';
import { endpoint } from './endpoint';

const isoTime = z.iso.datetime({ offset: false });
const ms = z.number().nonnegative();

export const logEntrySchema = z.object({
  time: isoTime,
  level: z.enum(['warn', 'error']),
  msg: z.string(),
  /** Which part of the engine spoke (providers, api, scheduler…), when it said. */
  component: z.string().nullable(),
  /** The entry's other fields as redacted JSON, cut to a few hundred characters. */
  details: z.string().nullable(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const providerHealthSchema = z.object({
  id: providerIdSchema,
  state: z.enum(['ok', 'paused', 'down']),
  breaker: z.enum(['closed', 'open', 'half-open']),
  reason: z.string().nullable(),
  /** Calls answered (ok or not) since start. */
  calls: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** Errors since start by kind: timeout, http_5xx, rate_limited, auth, parse, network, other. */
  errorsByKind: z.array(z.object({ kind: z.string(), count: z.number().int().nonnegative() })),
  /** Used / limit of each window now (0..1). */
  windows: z.array(
    z.object({
      unit: z.enum(['s', 'min', 'hour', 'day']),
      limit: z.number().int().positive(),
      used: z.number().int().nonnegative(),
      ratio: z.number().min(0),
    }),
  ),
});
export type ProviderHealth = z.infer<typeof providerHealthSchema>;

/**
 * One sample of the history: taken once `intervalSeconds` have passed, when something happens (a
 * provider call, a stored batch, a read of the summary). Rates are per minute since the previous one.
 */
export const healthSampleSchema = z.object({
  at: isoTime,
  callsPerMinute: z.array(z.object({ provider: providerIdSchema, value: z.number().nonnegative() })),
  errorsPerMinute: z.number().nonnegative(),
  /** Cache hits / reads in the interval; null when nothing was read. */
  cacheHitRatio: z.number().min(0).max(1).nullable(),
  eventLoopP50Ms: ms,
  eventLoopP99Ms: ms,
  heapUsedBytes: z.number().int().nonnegative(),
  rssBytes: z.number().int().nonnegative(),
  /** 95th percentile of provider call time in the interval; null without calls. */
  providerP95Ms: ms.nullable(),
  /** 95th percentile of store + push of a quote batch in the interval; null without batches. */
  ingestP95Ms: ms.nullable(),
});
export type HealthSample = z.infer<typeof healthSampleSchema>;

export const healthSummarySchema = z.object({
  at: isoTime,
  startedAt: isoTime,
  uptimeSeconds: z.number().nonnegative(),
  current: z.object({
    heapUsedBytes: z.number().int().nonnegative(),
    heapTotalBytes: z.number().int().nonnegative(),
    rssBytes: z.number().int().nonnegative(),
    eventLoopP50Ms: ms,
    eventLoopP99Ms: ms,
    cache: z.object({
      size: z.number().int().nonnegative(),
      hits: z.number().int().nonnegative(),
      misses: z.number().int().nonnegative(),
      hitRatio: z.number().min(0).max(1),
    }),
    /** Latest refresh stages (last history interval): provider call, SQLite write, push to subscribers. */
    refresh: z.object({ providerP95Ms: ms.nullable(), storeP95Ms: ms.nullable(), pushP95Ms: ms.nullable() }),
    /** Quote batches stored since start. */
    batches: z.number().int().nonnegative(),
  }),
  providers: z.array(providerHealthSchema),
  history: z.object({
    intervalSeconds: z.number().int().positive(),
    /** Oldest first; 360 at most (an hour when the engine is busy). */
    samples: z.array(healthSampleSchema),
  }),
  logs: z.object({
    /** The ring keeps this many entries. */
    capacity: z.number().int().positive(),
    /** Warnings and errors logged since start (the ring forgets the oldest; these do not). */
    warnings: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    /** Newest first. */
    entries: z.array(logEntrySchema),
  }),
});
export type HealthSummary = z.infer<typeof healthSummarySchema>;

export const healthEndpoints = {
  getHealthSummary: endpoint({
    method: 'GET',
    path: '/health/summary',
    // Log lines may name symbols, hosts and error texts: the user's own UI, not a shared sheet.
    scope: 'admin',
    summary: 'Process and pipe health now, one sample every 10 s for the last hour, and the last warnings and errors.',
    input: z.object({
      /** Only entries of this level (both when absent). */
      logLevel: z.enum(['warn', 'error']).optional(),
      logLimit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
    output: healthSummarySchema,
  }),
};
