// Handlers for the UI's own settings (theme): stored with the engine's settings.
import type { Handlers, uiSettingsEndpoints } from '../../../shared/contract';
import type { SettingsStore } from '../settings-store';

export function createUiSettingsHandlers(settings: SettingsStore): Pick<Handlers, keyof typeof uiSettingsEndpoints> {
  const describe = () => ({ theme: settings.get().theme });
  return {
    getUiSettings: () => describe(),
    updateUiSettings: ({ theme }) => {
      if (theme !== undefined && theme !== settings.get().theme) settings.update((s) => ({ ...s, theme }));
      return describe();
    },
  };
}
