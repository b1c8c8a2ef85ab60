// Contract entries for the providers: keys (never shown), plan limits, order, and API usage.
import { z } from 'zod';
import { providerIdSchema } from '../quote';
import { endpoint } from './endpoint';
import { providerStatusSchema, rateWindowSchema, windowUsageSchema } from './status';

const isoTime = z.iso.datetime({ offset: false });

export const keyedProviderSchema = z.enum(['finnhub', 'alphavantage']);
export type KeyedProviderId = z.infer<typeof keyedProviderSchema>;

export const settingSourceSchema = z.enum(['environment', 'settings', 'default']);

export const tradeStreamStatusSchema = z.object({
  state: z.enum(['idle', 'connecting', 'open', 'reconnecting', 'closed']),
  /** Symbols streamed now, and how many the plan allows. */
  symbols: z.number().int().nonnegative(),
  cap: z.number().int().nonnegative(),
  reconnects: z.number().int().nonnegative(),
  lastTradeAt: isoTime.nullable(),
});

export const providerInfoSchema = z.object({
  id: providerIdSchema,
  name: z.string(),
  /** Its place in the order calls go (0 = preferred), or null when it is not used. */
  position: z.number().int().nonnegative().nullable(),
  keyRequired: z.boolean(),
  /** Whether a key is set; the key itself never leaves the engine. */
  keySet: z.boolean(),
  keySource: z.enum(['environment', 'settings']).nullable(),
  /** How stored keys are protected here, in words. */
  keyProtection: z.string().nullable(),
  limits: z.array(rateWindowSchema),
  /** The plan as written ("30/s,60/min"), where it comes from, and the free plan's. */
  limitsText: z.string(),
  limitsSource: settingSourceSchema,
  defaultLimits: z.string(),
  capabilities: z.object({
    bulkSize: z.number().int().positive(),
    streaming: z.boolean(),
    /** `volume` is the day's consolidated volume; when false this provider never sets volume. */
    consolidatedVolume: z.boolean(),
  }),
  /** Health and usage, when the provider is in use. */
  status: providerStatusSchema.nullable(),
  stream: tradeStreamStatusSchema.nullable(),
});
export type ProviderInfo = z.infer<typeof providerInfoSchema>;

export const providerListSchema = z.object({
  providers: z.array(providerInfoSchema),
  order: z.array(providerIdSchema),
  orderSource: z.enum(['environment', 'settings', 'automatic']),
});
export type ProviderList = z.infer<typeof providerListSchema>;

export const keyResultSchema = z.object({
  provider: keyedProviderSchema,
  saved: z.boolean(),
  /** What happened, for the settings screen ("key saved and working", ...). */
  message: z.string(),
  /** Something the user should know although the key was saved (daily limit reached, premium). */
  warning: z.string().nullable(),
});
export type KeyResult = z.infer<typeof keyResultSchema>;

export const usageCallSchema = z.object({
  id: z.number().int(),
  provider: providerIdSchema,
  endpoint: z.string(),
  /** Space-separated (a bulk call lists its first symbols), so a CSV cell holds it. */
  symbols: z.string(),
  symbolCount: z.number().int().nonnegative(),
  priority: z.string().nullable(),
  status: z.enum(['pending', 'ok', 'error', 'abandoned']),
  httpStatus: z.number().int().nullable(),
  errorKind: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  cost: z.number().int().nonnegative(),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export type UsageCall = z.infer<typeof usageCallSchema>;

export const providerUsageSchema = z.object({
  id: providerIdSchema,
  state: z.enum(['ok', 'paused', 'down']),
  pausedUntil: isoTime.nullable(),
  reason: z.string().nullable(),
  /** Each window of the plan: used / limit, counted as the provider counts. */
  windows: z.array(windowUsageSchema),
  /** Calls since midnight New York, and how many failed. */
  today: z.object({ calls: z.number().int().nonnegative(), errors: z.number().int().nonnegative() }),
});

export const apiUsageSchema = z.object({
  providers: z.array(providerUsageSchema),
  /** The most recent calls, newest first. */
  calls: z.array(usageCallSchema),
});
export type ApiUsage = z.infer<typeof apiUsageSchema>;

const keyInput = z
  .string()
  .trim()
  .min(1, 'the key is empty')
  .max(200, 'that is too long to be an API key')
  .regex(/^[\x21-\x7e]+$/, 'an API key has no spaces or special characters');

export const providerEndpoints = {
  listProviders: endpoint({
    method: 'GET',
    path: '/providers',
    scope: 'admin',
    summary: 'Providers with their order, key status (never the key), plan limits, health and usage.',
    input: z.object({}),
    output: providerListSchema,
  }),
  setProviderKey: endpoint({
    method: 'PUT',
    path: '/providers/{provider}/key',
    scope: 'admin',
    summary: 'Checks a key with one cheap call and stores it; 400 when the provider says it is invalid.',
    input: z.object({ provider: keyedProviderSchema, key: keyInput }),
    output: keyResultSchema,
  }),
  deleteProviderKey: endpoint({
    method: 'DELETE',
    path: '/providers/{provider}/key',
    scope: 'admin',
    summary: 'Forgets the stored key; the provider is no longer called.',
    input: z.object({ provider: keyedProviderSchema }),
    output: z.null(),
    status: 204,
  }),
  setProviderLimits: endpoint({
    method: 'PUT',
    path: '/providers/{provider}/limits',
    scope: 'admin',
    summary: 'Sets the plan limits ("30/s,60/min", "75/min"); null goes back to the free plan.',
    input: z.object({ provider: providerIdSchema, limits: z.string().trim().max(100).nullable() }),
    output: providerInfoSchema,
  }),
  setProviderOrder: endpoint({
    method: 'PUT',
    path: '/providers/order',
    scope: 'admin',
    summary: 'Sets the order providers are asked in (first = preferred); null goes back to automatic.',
    input: z.object({ providers: z.array(providerIdSchema).min(1).max(3).nullable() }),
    output: providerListSchema,
  }),
  getApiUsage: endpoint({
    method: 'GET',
    path: '/admin/api-usage',
    scope: 'admin',
    summary: 'Usage per provider per window (used/limit) and the most recent calls; CSV of the calls.',
    input: z.object({
      provider: providerIdSchema.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(50),
    }),
    output: apiUsageSchema,
    csv: 'calls',
  }),
};
