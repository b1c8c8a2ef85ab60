// Contract entries for price alerts: above/below a price, or a % move from the previous close.
import { z } from 'zod';
import { providerIdSchema } from '../quote';
import { symbolSchema } from '../symbols';
import { endpoint } from './endpoint';

const isoTime = z.iso.datetime({ offset: false });
const idParam = z.coerce.number().int().positive();

/**
 * `above`: the price is at or above `threshold`; `below`: at or below it; `move`: the change from
 * the previous close is at least `threshold` percent, up or down.
 */
export const alertKindSchema = z.enum(['above', 'below', 'move']);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const alertSchema = z.object({
  id: z.number().int().positive(),
  symbol: z.string(),
  kind: alertKindSchema,
  /** A price for above/below, a percentage (5 = 5%) for move. */
  threshold: z.number().positive(),
  /** false: the alert fires once and then switches itself off; true: once per crossing. */
  repeat: z.boolean(),
  enabled: z.boolean(),
  /** false after firing, until a fresh quote shows the condition cleared again (re-arm). */
  armed: z.boolean(),
  createdAt: isoTime,
  lastFiredAt: isoTime.nullable(),
  fireCount: z.number().int().nonnegative(),
});
export type Alert = z.infer<typeof alertSchema>;

/** One time an alert fired: what it said and the quote that made it fire. */
export const alertFiringSchema = z.object({
  id: z.number().int().positive(),
  alertId: z.number().int().positive(),
  symbol: z.string(),
  kind: alertKindSchema,
  threshold: z.number().positive(),
  price: z.number().positive(),
  changePercent: z.number(),
  source: providerIdSchema,
  /** The quote's time (provider clock). */
  asOf: isoTime,
  firedAt: isoTime,
  /** Ready to show as a notification: "AAPL rose above 200.00: last 200.37 (+1.21%)". */
  message: z.string(),
});
export type AlertFiring = z.infer<typeof alertFiringSchema>;

/**
 * The `alert` event: the most recent firings (newest first, a few minutes' worth). Transports keep
 * only the latest value of an event between flushes, so each event repeats the recent ones and
 * clients show each firing `id` once.
 */
export const alertEventSchema = z.object({ recent: z.array(alertFiringSchema) });
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const alertEndpoints = {
  listAlerts: endpoint({
    method: 'GET',
    path: '/alerts',
    scope: 'read',
    summary: 'Every price alert, newest first.',
    input: z.object({}),
    output: z.array(alertSchema),
    csv: '.',
  }),
  createAlert: endpoint({
    method: 'POST',
    path: '/alerts',
    scope: 'admin',
    summary: 'Create a price alert (above, below, or a % move from the previous close).',
    input: z.object({
      symbol: symbolSchema,
      kind: alertKindSchema,
      threshold: z.number().positive('the threshold must be above zero').finite(),
      repeat: z.boolean().default(false),
    }),
    output: alertSchema,
    status: 201,
    errors: ['conflict'],
  }),
  updateAlert: endpoint({
    method: 'PUT',
    path: '/alerts/{id}',
    scope: 'admin',
    summary: 'Change the threshold, repeat or enabled state of an alert; enabling re-arms it.',
    input: z.object({
      id: idParam,
      threshold: z.number().positive().finite().optional(),
      repeat: z.boolean().optional(),
      enabled: z.boolean().optional(),
    }),
    output: alertSchema,
  }),
  deleteAlert: endpoint({
    method: 'DELETE',
    path: '/alerts/{id}',
    scope: 'admin',
    summary: 'Delete an alert (its history stays).',
    input: z.object({ id: idParam }),
    output: z.null(),
    status: 204,
  }),
  listAlertHistory: endpoint({
    method: 'GET',
    path: '/alerts/history',
    scope: 'read',
    summary: 'Alerts that fired, newest first.',
    input: z.object({
      symbol: symbolSchema.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
    output: z.array(alertFiringSchema),
    csv: '.',
  }),
};
