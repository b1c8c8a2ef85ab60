// The application menu: native roles for editing, windows and zoom, and the app's own commands
// with the shortcuts users of each OS expect.
import type { DesktopCommand } from '../../shared/contract/desktop';

/** The native roles this menu uses (a subset of Electron's). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'delete'
  | 'selectAll'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'help';

/** Electron's MenuItemConstructorOptions, as far as this menu uses them. */
export type MenuItemTemplate = {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
};

export type MenuActions = {
  /** Shows the window and asks it to do something. */
  command(command: DesktopCommand): void;
  openFolder(folder: 'data' | 'logs'): void;
};

const separator: MenuItemTemplate = { type: 'separator' };

/** Items that appear only on some platforms or builds: spread into a submenu. */
function only(condition: boolean, items: MenuItemTemplate[]): MenuItemTemplate[] {
  return condition ? items : [];
}

export function buildAppMenu(options: {
  platform: NodeJS.Platform;
  appName: string;
  /** Reload and DevTools, only while developing. */
  devMode: boolean;
  actions: MenuActions;
}): MenuItemTemplate[] {
  const { actions } = options;
  const mac = options.platform === 'darwin';
  const cmd = (command: DesktopCommand) => () => actions.command(command);
  // Alt-key mnemonics are a Windows and Linux habit; macOS shows no underline.
  const top = (label: string) => (mac ? label : `&${label}`);
  const quit: MenuItemTemplate =
    options.platform === 'linux' ? { role: 'quit', accelerator: 'Ctrl+Q' } : { role: 'quit' };

  const settings: MenuItemTemplate = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: cmd({ command: 'open-settings' }),
  };
  const appMenu: MenuItemTemplate = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      separator,
      settings,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  const file: MenuItemTemplate = {
    label: top('File'),
    submenu: [
      { label: 'New Watchlist…', accelerator: 'CmdOrCtrl+N', click: cmd({ command: 'new-watchlist' }) },
      { label: 'Find Symbol…', accelerator: 'CmdOrCtrl+F', click: cmd({ command: 'focus-search' }) },
      separator,
      { label: 'Refresh Quotes', accelerator: 'CmdOrCtrl+R', click: cmd({ command: 'refresh' }) },
      separator,
      ...only(mac, [{ role: 'close' }]),
      ...only(!mac, [settings, separator, { role: 'close' }, quit]),
    ],
  };
  const edit: MenuItemTemplate = {
    label: top('Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemTemplate = {
    label: top('View'),
    submenu: [
      ...only(options.devMode, [
        { label: 'Reload Window', accelerator: 'CmdOrCtrl+Shift+R', role: 'forceReload' },
        { role: 'toggleDevTools' },
        separator,
      ]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemTemplate = {
    label: top('Window'),
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItemTemplate = {
    label: top('Help'),
    role: 'help',
    submenu: [
      { label: 'Open Data Folder', click: () => actions.openFolder('data') },
      { label: 'Open Logs Folder', click: () => actions.openFolder('logs') },
      ...only(!mac, [separator, { role: 'about', label: `About ${options.appName}` }]),
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}
