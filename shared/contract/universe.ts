// Contract entry for the symbol directory: every symbol with the facts the universe table filters on.
import { z } from 'zod';
import { symbolInfoSchema } from '../quote';
import { endpoint } from './endpoint';

export const universeEntrySchema = symbolInfoSchema.extend({
  industry: z.string().nullable(),
  /** Average daily volume over the universe file's window (shares), for "volume vs average". */
  avgVolume: z.number().nonnegative().nullable(),
});
export type UniverseEntry = z.infer<typeof universeEntrySchema>;

export const universeEndpoints = {
  listUniverse: endpoint({
    method: 'GET',
    path: '/universe',
    scope: 'read',
    summary: 'Every symbol in the universe (quoted or not yet), with exchange, sector, tier and average volume.',
    input: z.object({}),
    output: z.array(universeEntrySchema),
    csv: '.',
  }),
};
