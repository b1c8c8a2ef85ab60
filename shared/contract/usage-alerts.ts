// Contract entries for usage alerts (windows, predicted breaches, providers down, stale tier 1) and daily usage reports.
import { z } from 'zod';
import { providerIdSchema } from '../quote';
import { endpoint } from './endpoint';

const isoTime = z.iso.datetime({ offset: false });

/**
 * `window`: a provider window reached 80% of its limit; `predicted-breach`: at the current pace a
 * daily or hourly window runs out before it resets; `provider-down`: a provider's circuit breaker is
 * open, its key is refused, or it answered 429; `stale-tier1`: tier-1 quotes older than their
 * staleness bound during the session (one alert for all of them).
 */
export const usageAlertKindSchema = z.enum(['window', 'predicted-breach', 'provider-down', 'stale-tier1']);
export type UsageAlertKind = z.infer<typeof usageAlertKindSchema>;

/** `info` is listed only; `warning` and `critical` are also notified (desktop, toast, webhook). */
export const usageAlertSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type UsageAlertSeverity = z.infer<typeof usageAlertSeveritySchema>;

export const usageAlertSchema = z.object({
  id: z.number().int().positive(),
  kind: usageAlertKindSchema,
  severity: usageAlertSeveritySchema,
  /** The provider it is about; null for stale tier 1. */
  provider: providerIdSchema.nullable(),
  /** What it is about, stable across firings (`window:finnhub:min:60000`): dedupe and cool-down go by it. */
  key: z.string(),
  title: z.string(),
  /** Ready to show: "Alpha Vantage: at this pace the daily limit (25) runs out at 14:10 New York time". */
  message: z.string(),
  firedAt: isoTime,
  /** null while the condition holds (active). */
  resolvedAt: isoTime.nullable(),
  resolvedMessage: z.string().nullable(),
  /** Times it came back within the cool-down after resolving (flaps folded into this row). */
  repeats: z.number().int().nonnegative(),
  /** false when the firing was held back (info severity, cool-down, too many at once). */
  notified: z.boolean(),
});
export type UsageAlert = z.infer<typeof usageAlertSchema>;

/**
 * The `usageAlert` event: every active alert and those fired or resolved in the last few minutes
 * (newest first). Only the latest value matters; clients toast each firing id once.
 */
export const usageAlertEventSchema = z.object({
  active: z.array(usageAlertSchema),
  recent: z.array(usageAlertSchema),
});
export type UsageAlertEvent = z.infer<typeof usageAlertEventSchema>;

export const windowPeakSchema = z.object({
  unit: z.enum(['s', 'min', 'hour', 'day']),
  windowMs: z.number().int().positive(),
  limit: z.number().int().positive(),
  /** Most calls counted in any one such window during the day (the day itself for daily windows). */
  peak: z.number().int().nonnegative(),
  /** peak / limit. */
  share: z.number().nonnegative(),
});
export type WindowPeak = z.infer<typeof windowPeakSchema>;

export const providerDayUsageSchema = z.object({
  provider: providerIdSchema,
  calls: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** Answers that were rate-limit refusals (HTTP 429 or the provider's limit message): violations seen. */
  rateLimited: z.number().int().nonnegative(),
  errorsByKind: z.record(z.string(), z.number().int().nonnegative()),
  endpoints: z.array(
    z.object({
      endpoint: z.string(),
      calls: z.number().int().nonnegative(),
      errors: z.number().int().nonnegative(),
    }),
  ),
  /** The plan's windows as configured when the report was made, with the day's peak in each. */
  peaks: z.array(windowPeakSchema),
});
export type ProviderDayUsage = z.infer<typeof providerDayUsageSchema>;

export const dailyUsageReportSchema = z.object({
  /** The New York calendar day, YYYY-MM-DD. */
  date: z.string(),
  /** false for today so far (not stored yet). */
  complete: z.boolean(),
  from: isoTime,
  to: isoTime,
  calls: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  rateLimited: z.number().int().nonnegative(),
  /** Distinct symbols with a new price point that day; null when the day is older than the history kept. */
  symbolsRefreshed: z.number().int().nonnegative().nullable(),
  usageAlertsFired: z.number().int().nonnegative(),
  priceAlertsFired: z.number().int().nonnegative(),
  providers: z.array(providerDayUsageSchema),
  createdAt: isoTime,
});
export type DailyUsageReport = z.infer<typeof dailyUsageReportSchema>;

/** One line per day and provider, plus a line per day for all of them: the CSV form. */
export const usageReportRowSchema = z.object({
  date: z.string(),
  complete: z.boolean(),
  /** A provider, or `all` for the day's totals. */
  provider: z.string(),
  calls: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  rateLimited: z.number().int().nonnegative(),
  /** `timeout:2; server:1` */
  errorsByKind: z.string(),
  /** `quote:120; stock/profile2:3` */
  endpoints: z.string(),
  /** `60/min: 57 (95%); 30/s: 4 (13%)` */
  peakUse: z.string(),
  symbolsRefreshed: z.number().int().nonnegative().nullable(),
  usageAlertsFired: z.number().int().nonnegative(),
  priceAlertsFired: z.number().int().nonnegative(),
});
export type UsageReportRow = z.infer<typeof usageReportRowSchema>;

export const usageReportsSchema = z.object({
  /** Today so far (New York day), computed now. */
  today: dailyUsageReportSchema,
  /** Stored reports of past days, newest first. */
  reports: z.array(dailyUsageReportSchema),
  /** Today and the stored days, flattened for CSV. */
  rows: z.array(usageReportRowSchema),
});
export type UsageReports = z.infer<typeof usageReportsSchema>;

export const webhookSettingsSchema = z.object({
  /** Whether usage alerts are posted to a webhook. */
  configured: z.boolean(),
  /** Where the URL comes from: QUOTEDESK_ALERT_WEBHOOK wins over the setting. */
  source: z.enum(['environment', 'settings']).nullable(),
  /** Scheme and host only: a Slack webhook's path is its secret. */
  target: z.string().nullable(),
  /** The last delivery: when, and whether it went through (null before the first). */
  lastDelivery: z.object({ at: isoTime, ok: z.boolean(), detail: z.string() }).nullable(),
});
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

export const webhookTestSchema = z.object({
  delivered: z.boolean(),
  status: z.number().int().nullable(),
  detail: z.string(),
});
export type WebhookTest = z.infer<typeof webhookTestSchema>;

/** http(s) only: anything else (file:, javascript:, ftp:) is refused with a clear message. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, 'that URL is too long')
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'the webhook must be an http:// or https:// URL');

export const usageAlertEndpoints = {
  listUsageAlerts: endpoint({
    method: 'GET',
    path: '/admin/usage-alerts',
    scope: 'admin',
    summary: 'Usage alerts (80% of a window, predicted breach, provider down, stale tier 1), newest first.',
    input: z.object({
      state: z.enum(['all', 'active', 'resolved']).default('all'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    output: z.array(usageAlertSchema),
    csv: '.',
  }),
  listUsageReports: endpoint({
    method: 'GET',
    path: '/admin/usage-reports',
    scope: 'admin',
    summary: 'Daily usage reports (New York days, newest first) and today so far; CSV has a line per day and provider.',
    input: z.object({ days: z.coerce.number().int().min(1).max(400).default(30) }),
    output: usageReportsSchema,
    csv: 'rows',
  }),
  getUsageAlertSettings: endpoint({
    method: 'GET',
    path: '/admin/usage-alerts/settings',
    scope: 'admin',
    summary: 'Where usage alerts go besides the app: the webhook (its host only) and its last delivery.',
    input: z.object({}),
    output: webhookSettingsSchema,
  }),
  updateUsageAlertSettings: endpoint({
    method: 'PUT',
    path: '/admin/usage-alerts/settings',
    scope: 'admin',
    summary: 'Sets the Slack-compatible webhook URL (http or https) for usage alerts; null removes it.',
    input: z.object({ webhook: webhookUrlSchema.nullable() }),
    output: webhookSettingsSchema,
  }),
  testUsageAlertWebhook: endpoint({
    method: 'POST',
    path: '/admin/usage-alerts/webhook-test',
    scope: 'admin',
    summary: 'Posts one test message to the webhook now (one try) and says what happened.',
    input: z.object({}),
    output: webhookTestSchema,
    errors: ['conflict'],
  }),
};
