// Contract entries for the local API's own settings: on/off, port, read tokens, admin token rotation.
import { z } from 'zod';
import { endpoint } from './endpoint';

const isoTime = z.iso.datetime({ offset: false });

export const apiSettingsSchema = z.object({
  /** Stored setting: serve the local API from the desktop app (`npm run serve` always serves it). */
  enabled: z.boolean(),
  /** Stored setting: the port (0 = any free port). */
  port: z.number().int().min(0).max(65535),
  /** What this run actually serves; null when the API is off. */
  running: z.object({ port: z.number().int().min(1).max(65535), url: z.string() }).nullable(),
  /** True when the stored enabled/port differ from this run: they take effect on restart. */
  restartRequired: z.boolean(),
  /** Environment variables that win over the stored settings in this run (QUOTEDESK_PORT, QUOTEDESK_API_TOKEN). */
  environmentOverrides: z.array(z.string()),
  /** Where the admin token of this run comes from. */
  adminTokenSource: z.enum(['settings', 'environment']),
  readTokens: z.number().int().nonnegative(),
  /** Requests per second each token may make, sustained, and the burst it may spend at once. */
  rateLimit: z.object({ perSecond: z.number().nonnegative(), burst: z.number().int().nonnegative() }).nullable(),
});
export type ApiSettings = z.infer<typeof apiSettingsSchema>;

export const readTokenInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The token's first and last characters, enough to recognise it; the token itself is not kept. */
  hint: z.string(),
  createdAt: isoTime,
  /** Last request made with it since Quotedesk started; null when unused since then. */
  lastUsedAt: isoTime.nullable(),
});
export type ReadTokenInfo = z.infer<typeof readTokenInfoSchema>;

export const createdReadTokenSchema = readTokenInfoSchema.extend({
  /** The token itself: shown this once, only its hash is stored. */
  token: z.string(),
});

export const adminTokenSchema = z.object({
  token: z.string(),
  source: z.enum(['settings', 'environment']),
});

export const apiSettingsEndpoints = {
  getApiSettings: endpoint({
    method: 'GET',
    path: '/settings/api',
    scope: 'admin',
    summary: 'The local API settings and what this run serves (port changes apply on restart).',
    input: z.object({}),
    output: apiSettingsSchema,
  }),
  updateApiSettings: endpoint({
    method: 'PUT',
    path: '/settings/api',
    scope: 'admin',
    summary: 'Turn the local API on or off or move it to another port; takes effect when Quotedesk restarts.',
    input: z.object({
      enabled: z.boolean().optional(),
      port: z.number().int().min(0).max(65535).optional(),
    }),
    output: apiSettingsSchema,
  }),
  listReadTokens: endpoint({
    method: 'GET',
    path: '/settings/api/read-tokens',
    scope: 'admin',
    summary: 'Read tokens (masked): they may read quotes, status, history and streams, nothing else.',
    input: z.object({}),
    output: z.array(readTokenInfoSchema),
    csv: '.',
  }),
  createReadToken: endpoint({
    method: 'POST',
    path: '/settings/api/read-tokens',
    scope: 'admin',
    summary: 'Create a read token, safe to paste into a spreadsheet. The token is in this answer only.',
    input: z.object({ label: z.string().trim().min(1, 'give the token a label, like "budget sheet"').max(80) }),
    output: createdReadTokenSchema,
    status: 201,
  }),
  revokeReadToken: endpoint({
    method: 'DELETE',
    path: '/settings/api/read-tokens/{id}',
    scope: 'admin',
    summary: 'Revoke a read token: it stops working at once.',
    input: z.object({ id: z.string().trim().min(1).max(64) }),
    output: z.null(),
    status: 204,
  }),
  getAdminToken: endpoint({
    method: 'GET',
    path: '/settings/api/admin-token',
    scope: 'admin',
    summary: 'The admin token, for the settings screen.',
    input: z.object({}),
    output: adminTokenSchema,
  }),
  rotateAdminToken: endpoint({
    method: 'POST',
    path: '/settings/api/admin-token/rotate',
    scope: 'admin',
    summary:
      'Replace the admin token: the old one stops working at once; the new one is in this answer. Send {} as the body.',
    input: z.object({}),
    output: adminTokenSchema,
    errors: ['conflict'],
  }),
};
