// Settings that are not data (provider order, plan limits, local API, theme): schema and defaults.
import { z } from 'zod';
import { providerIdSchema } from './quote';

export const readTokenEntrySchema = z.object({
  id: z.string().min(1).max(64),
  label: z.string().max(80),
  /** SHA-256 of the token, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The first and last characters, for recognising it in a list. */
  hint: z.string().max(24),
  createdAt: z.iso.datetime({ offset: false }),
});
export type ReadTokenEntry = z.infer<typeof readTokenEntrySchema>;

export const themeSchema = z.enum(['system', 'light', 'dark']);

export const settingsSchema = z.object({
  /** Provider order, first = preferred; absent = automatic (keys present: finnhub, alphavantage). */
  providers: z.array(providerIdSchema).min(1).optional(),
  /** The user's plan per provider, written like "30/s,60/min"; absent = the free plan. */
  limits: z
    .object({
      finnhub: z.string().optional(),
      alphavantage: z.string().optional(),
      simulated: z.string().optional(),
    })
    .prefault({}),
  api: z
    .object({
      enabled: z.boolean().default(true),
      port: z.number().int().min(0).max(65535).default(7717),
      /** The admin token; generated on first start when absent or weaker than 128 bits. */
      token: z.string().min(1).optional(),
      /** Read-only tokens, safe to paste into a spreadsheet. Only their hashes are kept; a plain
       *  string is an older form, hashed and rewritten at start. */
      readTokens: z.array(z.union([z.string().min(1), readTokenEntrySchema])).default([]),
    })
    .prefault({}),
  /** Poll in pre- and post-market sessions too. */
  extendedHours: z.boolean().default(false),
  theme: themeSchema.default('system'),
  /** Slack-compatible webhook for usage alerts (http or https); QUOTEDESK_ALERT_WEBHOOK wins. */
  alertWebhook: z.string().max(2000).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
