// Contract entries for watchlists: named, ordered lists of symbols.
import { z } from 'zod';
import { symbolListSchema } from '../symbols';
import { endpoint } from './endpoint';

export const watchlistSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  symbols: z.array(z.string()),
});
export type Watchlist = z.infer<typeof watchlistSchema>;

const idParam = z.coerce.number().int().positive();
const nameSchema = z.string().trim().min(1, 'a watchlist needs a name').max(80);

export const watchlistEndpoints = {
  listWatchlists: endpoint({
    method: 'GET',
    path: '/watchlists',
    scope: 'read',
    summary: 'Every watchlist, in display order. CSV: one row per watchlist, symbols comma-separated.',
    input: z.object({}),
    output: z.array(watchlistSchema),
    csv: '.',
  }),
  createWatchlist: endpoint({
    method: 'POST',
    path: '/watchlists',
    scope: 'admin',
    summary: 'Create a watchlist; the order of symbols is the display order.',
    input: z.object({ name: nameSchema, symbols: symbolListSchema.default([]) }),
    output: watchlistSchema,
    status: 201,
  }),
  getWatchlist: endpoint({
    method: 'GET',
    path: '/watchlists/{id}',
    scope: 'read',
    summary: 'One watchlist.',
    input: z.object({ id: idParam }),
    output: watchlistSchema,
  }),
  updateWatchlist: endpoint({
    method: 'PUT',
    path: '/watchlists/{id}',
    scope: 'admin',
    summary:
      'Rename a watchlist, replace its symbols (their order is the display order) or move it to another place (position 0 = first).',
    input: z.object({
      id: idParam,
      name: nameSchema.optional(),
      symbols: symbolListSchema.optional(),
      position: z.coerce.number().int().min(0).optional(),
    }),
    output: watchlistSchema,
  }),
  deleteWatchlist: endpoint({
    method: 'DELETE',
    path: '/watchlists/{id}',
    scope: 'admin',
    summary: 'Delete a watchlist.',
    input: z.object({ id: idParam }),
    output: z.null(),
    status: 204,
  }),
};
