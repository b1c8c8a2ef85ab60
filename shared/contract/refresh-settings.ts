// Contract entry for how the engine refreshes outside regular hours (pre- and post-market polling).
import { z } from 'zod';
import { endpoint } from './endpoint';

export const refreshSettingsSchema = z.object({
  /** Poll in the pre-market (04:00-09:30 New York) and after hours (16:00-20:00) too. */
  extendedHours: z.boolean(),
});
export type RefreshSettings = z.infer<typeof refreshSettingsSchema>;

export const refreshSettingsEndpoints = {
  updateRefreshSettings: endpoint({
    method: 'PUT',
    path: '/settings/refresh',
    scope: 'admin',
    summary:
      'Poll in the pre- and post-market sessions too (extendedHours); the plan is made again at once. ' +
      'Answers the settings as saved (an empty body changes nothing).',
    input: z.object({ extendedHours: z.boolean().optional() }),
    output: refreshSettingsSchema,
  }),
};
