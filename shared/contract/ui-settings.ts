// Contract entries for the UI's own settings (theme), kept by the engine so every window agrees.
import { z } from 'zod';
import { themeSchema } from '../settings';
import { endpoint } from './endpoint';

export const uiSettingsSchema = z.object({
  /** `system` follows the OS's light or dark choice. */
  theme: themeSchema,
});
export type UiSettings = z.infer<typeof uiSettingsSchema>;
export type Theme = UiSettings['theme'];

export const uiSettingsEndpoints = {
  getUiSettings: endpoint({
    method: 'GET',
    path: '/settings/ui',
    scope: 'admin',
    summary: 'The UI settings: theme (system, light or dark).',
    input: z.object({}),
    output: uiSettingsSchema,
  }),
  updateUiSettings: endpoint({
    method: 'PUT',
    path: '/settings/ui',
    scope: 'admin',
    summary: 'Change the UI settings; answers all of them as saved.',
    input: z.object({ theme: themeSchema.optional() }),
    output: uiSettingsSchema,
  }),
};
