import { describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_SETTINGS, type DesktopInfo, type DesktopSettings } from '../../shared/contract/desktop';
import { ApiError } from '../../shared/errors';
import { createDesktopHandlers } from './desktop-handlers';

const info = (canStartAtLogin: boolean): DesktopInfo => ({
  platform: 'linux',
  version: '0.1.0',
  dataDir: '/home/me/.config/Quotedesk',
  logsDir: '/home/me/.config/Quotedesk/logs',
  keyProtection: { level: 'os', backend: 'gnome_libsecret', text: 'Encrypted.' },
  canStartAtLogin,
  notificationsSupported: true,
  notices: [],
});

function setup(options: { canStartAtLogin?: boolean; applyFails?: boolean; openError?: string } = {}) {
  let saved: DesktopSettings = { ...DEFAULT_DESKTOP_SETTINGS };
  const applied: [DesktopSettings, DesktopSettings][] = [];
  const handlers = createDesktopHandlers({
    settings: {
      desktop: () => saved,
      updateDesktop: (patch) => (saved = { ...saved, ...patch }),
    },
    apply: (next, prev) => {
      if (options.applyFails) throw new Error('tray icon could not be created');
      applied.push([next, prev]);
    },
    info: () => info(options.canStartAtLogin ?? true),
    openPath: () => Promise.resolve(options.openError ?? ''),
  });
  return { handlers, applied, saved: () => saved };
}

describe('desktop handlers', () => {
  it('applies a change, then saves it, and answers every setting', async () => {
    const { handlers, applied, saved } = setup();
    const next = await handlers.updateDesktopSettings({ closeToTray: true, startAtLogin: true });
    expect(next).toEqual({ ...DEFAULT_DESKTOP_SETTINGS, closeToTray: true, startAtLogin: true });
    expect(applied).toEqual([[next, DEFAULT_DESKTOP_SETTINGS]]);
    expect(saved()).toEqual(next);
    expect(await handlers.getDesktopSettings({})).toEqual(next);
  });

  it('refuses start at login where it cannot work, and saves nothing when applying fails', async () => {
    const noLogin = setup({ canStartAtLogin: false });
    await expect(
      Promise.resolve().then(() => noLogin.handlers.updateDesktopSettings({ startAtLogin: true })),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
    const failing = setup({ applyFails: true });
    await expect(
      Promise.resolve().then(() => failing.handlers.updateDesktopSettings({ showTray: false })),
    ).rejects.toBeInstanceOf(ApiError);
    expect(failing.saved()).toEqual(DEFAULT_DESKTOP_SETTINGS);
  });

  it('opens folders and reports when the OS cannot', async () => {
    expect(await setup().handlers.openDesktopFolder({ folder: 'logs' })).toBeNull();
    await expect(
      setup({ openError: 'No application is registered' }).handlers.openDesktopFolder({ folder: 'data' }),
    ).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The data folder could not be opened: No application is registered',
    });
  });
});
