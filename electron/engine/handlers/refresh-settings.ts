// Handlers for the refresh settings (pre- and post-market polling): stored with the engine's settings.
import type { Handlers, refreshSettingsEndpoints } from '../../../shared/contract';
import type { SettingsStore } from '../settings-store';

export type RefreshSettingsDeps = {
  settings: SettingsStore;
  /** The scheduler plans again: polled minutes, tier intervals and the after-close snapshot change. */
  replan: () => void;
};

export function createRefreshSettingsHandlers(
  deps: RefreshSettingsDeps,
): Pick<Handlers, keyof typeof refreshSettingsEndpoints> {
  const describe = () => ({ extendedHours: deps.settings.get().extendedHours });
  return {
    updateRefreshSettings: ({ extendedHours }) => {
      if (extendedHours !== undefined && extendedHours !== deps.settings.get().extendedHours) {
        deps.settings.update((s) => ({ ...s, extendedHours }));
        deps.replan();
      }
      return describe();
    },
  };
}
