// Start at login: the OS's login items on macOS and Windows, an XDG autostart entry on Linux.
import nodeFs from 'node:fs';
import path from 'node:path';

/** Passed by the login item so the app knows it was started at login (and may stay in the tray). */
export const LOGIN_ARG = '--quotedesk-login';

/** The parts of Electron's app used here. */
export type LoginItemAppLike = {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean };
};

export type LoginItem = {
  /** False where registering would be wrong (an unpackaged development run) or impossible. */
  readonly supported: boolean;
  /** Whether the OS will start the app at login now (the user may have changed it in the OS). */
  enabled(): boolean;
  set(enabled: boolean): void;
  /** Whether this run was started by the login item. */
  openedAtLogin(argv: readonly string[]): boolean;
};

/** A value for a desktop entry's Exec key: quoted, with the characters the spec reserves escaped. */
export function desktopExecArg(arg: string): string {
  return `"${arg.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

export function createLoginItem(deps: {
  platform: NodeJS.Platform;
  app: LoginItemAppLike;
  isPackaged: boolean;
  /** The program to start: the AppImage file itself when run from one ($APPIMAGE), else the binary. */
  executable: string;
  /** ~/.config/autostart (XDG_CONFIG_HOME respected by the caller). */
  autostartDir: string;
  appName: string;
  fs?: Pick<typeof nodeFs, 'existsSync' | 'mkdirSync' | 'writeFileSync' | 'rmSync'>;
}): LoginItem {
  const fs = deps.fs ?? nodeFs;
  const { app, platform } = deps;
  if (!deps.isPackaged) {
    return { supported: false, enabled: () => false, set: () => undefined, openedAtLogin: () => false };
  }
  if (platform === 'linux') {
    const file = path.join(deps.autostartDir, 'quotedesk.desktop');
    return {
      supported: true,
      enabled: () => fs.existsSync(file),
      set(enabled) {
        if (!enabled) {
          fs.rmSync(file, { force: true });
          return;
        }
        fs.mkdirSync(deps.autostartDir, { recursive: true });
        fs.writeFileSync(
          file,
          [
            '[Desktop Entry]',
            'Type=Application',
            `Name=${deps.appName}`,
            `Comment=Start ${deps.appName} at login`,
            `Exec=${desktopExecArg(deps.executable)} ${LOGIN_ARG}`,
            'Terminal=false',
            'X-GNOME-Autostart-enabled=true',
            '',
          ].join('\n'),
        );
      },
      openedAtLogin: (argv) => argv.includes(LOGIN_ARG),
    };
  }
  if (platform === 'darwin' || platform === 'win32') {
    // Windows starts the app with these args (and reports the item only when asked with the same
    // args); macOS ignores them and reports wasOpenedAtLogin instead.
    const args = platform === 'win32' ? { args: [LOGIN_ARG] } : {};
    return {
      supported: true,
      enabled: () => app.getLoginItemSettings(args).openAtLogin,
      set(enabled) {
        app.setLoginItemSettings({ openAtLogin: enabled, ...args });
      },
      openedAtLogin: (argv) =>
        argv.includes(LOGIN_ARG) || (platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true),
    };
  }
  return { supported: false, enabled: () => false, set: () => undefined, openedAtLogin: () => false };
}
