import { describe, expect, it } from 'vitest';
import type { DesktopCommand } from '../../shared/contract/desktop';
import { buildAppMenu, type MenuItemTemplate } from './menu';

function flatten(items: MenuItemTemplate[]): MenuItemTemplate[] {
  return items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);
}

function build(platform: NodeJS.Platform, devMode = false) {
  const commands: DesktopCommand[] = [];
  const folders: string[] = [];
  const menu = buildAppMenu({
    platform,
    appName: 'Quotedesk',
    devMode,
    actions: { command: (c) => commands.push(c), openFolder: (f) => folders.push(f) },
  });
  return { menu, all: flatten(menu), commands, folders };
}

/** What the user presses: CmdOrCtrl is Cmd on macOS and Ctrl elsewhere. */
function keys(accelerator: string, platform: NodeJS.Platform): string {
  return accelerator.replace('CmdOrCtrl', platform === 'darwin' ? 'Cmd' : 'Ctrl').toLowerCase();
}

describe('application menu', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    it(`on ${platform}: every shortcut is unique and every item does something`, () => {
      for (const devMode of [false, true]) {
        const { all } = build(platform, devMode);
        const accelerators = all.flatMap((i) => (i.accelerator ? [keys(i.accelerator, platform)] : []));
        expect(new Set(accelerators).size, accelerators.join(' ')).toBe(accelerators.length);
        for (const item of all) {
          if (item.type === 'separator' || item.submenu) continue;
          expect(item.role !== undefined || item.click !== undefined, JSON.stringify(item)).toBe(true);
        }
      }
    });
  }

  it('follows macOS: an app menu with Settings… on Cmd+, and no mnemonics', () => {
    const { menu } = build('darwin');
    expect(menu.map((m) => m.label)).toEqual(['Quotedesk', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appItems = menu[0]?.submenu ?? [];
    expect(appItems.find((i) => i.label === 'Settings…')?.accelerator).toBe('CmdOrCtrl+,');
    expect(appItems.map((i) => i.role).filter(Boolean)).toEqual([
      'about',
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit',
    ]);
  });

  it('follows Windows and Linux: Settings in File, Alt mnemonics, Ctrl+Q quits on Linux', () => {
    const linux = build('linux');
    expect(linux.menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    const file = linux.menu[0]?.submenu ?? [];
    expect(file.find((i) => i.label === 'Settings')?.accelerator).toBe('CmdOrCtrl+,');
    expect(file.find((i) => i.role === 'quit')?.accelerator).toBe('Ctrl+Q');
    const win = build('win32');
    expect((win.menu[0]?.submenu ?? []).find((i) => i.role === 'quit')?.accelerator).toBeUndefined();
  });

  it('sends the app commands to the window and opens folders', () => {
    const { all, commands, folders } = build('linux');
    const click = (label: string) => all.find((i) => i.label === label)?.click?.();
    for (const label of [
      'New Watchlist…',
      'Find Symbol…',
      'Refresh Quotes',
      'Settings',
      'Open Data Folder',
      'Open Logs Folder',
    ]) {
      click(label);
    }
    expect(commands).toEqual([
      { command: 'new-watchlist' },
      { command: 'focus-search' },
      { command: 'refresh' },
      { command: 'open-settings' },
    ]);
    expect(folders).toEqual(['data', 'logs']);
  });

  it('offers reload and DevTools only while developing', () => {
    const roles = (devMode: boolean) => build('linux', devMode).all.map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('forceReload');
    expect(roles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'forceReload']));
  });
});
