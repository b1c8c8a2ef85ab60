// The shell's answers to the desktop calls of shared/contract/desktop.ts.
import type {
  DesktopHandlers,
  DesktopInfo,
  DesktopSettings,
  DesktopSettingsPatch,
} from '../../shared/contract/desktop';
import { ApiError } from '../../shared/errors';

export type DesktopHandlerDeps = {
  settings: { desktop(): DesktopSettings; updateDesktop(patch: DesktopSettingsPatch): DesktopSettings };
  /** Makes a change real (tray shown or hidden, login item registered) before it is saved. */
  apply: (next: DesktopSettings, previous: DesktopSettings) => void;
  info: () => DesktopInfo;
  /** shell.openPath: resolves to an error message, or '' when the folder opened. */
  openPath: (folder: 'data' | 'logs') => Promise<string>;
};

export function createDesktopHandlers(deps: DesktopHandlerDeps): DesktopHandlers {
  return {
    getDesktopSettings: () => deps.settings.desktop(),
    updateDesktopSettings(patch) {
      const previous = deps.settings.desktop();
      if (patch.startAtLogin === true && !deps.info().canStartAtLogin) {
        throw new ApiError('bad_request', 'Starting at login is not available for this copy of Quotedesk.');
      }
      const next: DesktopSettings = { ...previous, ...patch };
      try {
        deps.apply(next, previous);
      } catch (err) {
        throw new ApiError('unavailable', `The change could not be applied: ${(err as Error).message}`);
      }
      return deps.settings.updateDesktop(patch);
    },
    getDesktopInfo: () => deps.info(),
    async openDesktopFolder({ folder }) {
      const error = await deps.openPath(folder);
      if (error) throw new ApiError('unavailable', `The ${folder} folder could not be opened: ${error}`);
      return null;
    },
  };
}
