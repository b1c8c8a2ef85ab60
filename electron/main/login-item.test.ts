import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/engine';
import { createLoginItem, desktopExecArg, LOGIN_ARG, type LoginItemAppLike } from './login-item';

function fakeApp(wasOpenedAtLogin = false) {
  const state = { openAtLogin: false, args: undefined as string[] | undefined, askedWith: [] as unknown[] };
  const app: LoginItemAppLike = {
    setLoginItemSettings: (s) => {
      state.openAtLogin = s.openAtLogin;
      state.args = s.args;
    },
    getLoginItemSettings: (options) => {
      state.askedWith.push(options);
      return { openAtLogin: state.openAtLogin, wasOpenedAtLogin };
    },
  };
  return { app, state };
}

describe('start at login', () => {
  it('on Linux writes and removes an XDG autostart entry that starts the AppImage', () => {
    const dir = path.join(tempDir(), 'autostart');
    const item = createLoginItem({
      platform: 'linux',
      app: fakeApp().app,
      isPackaged: true,
      executable: '/home/me/Apps/Quotedesk "beta" $1.AppImage',
      autostartDir: dir,
      appName: 'Quotedesk',
    });
    expect([item.supported, item.enabled()]).toEqual([true, false]);
    item.set(true);
    const entry = fs.readFileSync(path.join(dir, 'quotedesk.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Quotedesk\n');
    expect(entry).toContain(`Exec="/home/me/Apps/Quotedesk \\"beta\\" \\$1.AppImage" ${LOGIN_ARG}\n`);
    expect(item.enabled()).toBe(true);
    item.set(false);
    expect(item.enabled()).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(item.openedAtLogin(['/opt/Quotedesk/quotedesk', LOGIN_ARG])).toBe(true);
    expect(item.openedAtLogin(['/opt/Quotedesk/quotedesk'])).toBe(false);
  });

  it('on Windows registers the login item with the argument that marks a login start', () => {
    const { app, state } = fakeApp();
    const item = createLoginItem({
      platform: 'win32',
      app,
      isPackaged: true,
      executable: 'C:\\Q\\Quotedesk.exe',
      autostartDir: '',
      appName: 'Quotedesk',
    });
    item.set(true);
    expect(state).toMatchObject({ openAtLogin: true, args: [LOGIN_ARG] });
    expect(item.enabled()).toBe(true);
    expect(state.askedWith.at(-1)).toEqual({ args: [LOGIN_ARG] });
    expect(item.openedAtLogin(['C:\\Q\\Quotedesk.exe', LOGIN_ARG])).toBe(true);
  });

  it('on macOS uses the login items and asks the OS whether this run came from one', () => {
    const { app, state } = fakeApp(true);
    const item = createLoginItem({
      platform: 'darwin',
      app,
      isPackaged: true,
      executable: '/Applications/Quotedesk.app',
      autostartDir: '',
      appName: 'Quotedesk',
    });
    item.set(true);
    expect(state).toMatchObject({ openAtLogin: true, args: undefined });
    expect(item.openedAtLogin(['/Applications/Quotedesk.app/Contents/MacOS/Quotedesk'])).toBe(true);
  });

  it('is not offered in a development run, which would register the bare Electron binary', () => {
    const { app, state } = fakeApp();
    const item = createLoginItem({
      platform: 'darwin',
      app,
      isPackaged: false,
      executable: 'electron',
      autostartDir: '',
      appName: 'Quotedesk',
    });
    item.set(true);
    expect([item.supported, item.enabled(), state.openAtLogin]).toEqual([false, false, false]);
  });

  it('quotes Exec values as the desktop entry spec asks', () => {
    expect(desktopExecArg('/opt/Quotedesk/quotedesk')).toBe('"/opt/Quotedesk/quotedesk"');
    expect(desktopExecArg('a\\b`c')).toBe('"a\\\\b\\`c"');
  });
});
