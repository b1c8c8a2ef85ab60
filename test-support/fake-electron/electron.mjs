// A stand-in for Electron's main-process API, just deep enough to run the shell's composition
// (electron/main/index.ts, built) in plain Node. It records what the shell asked of Electron and
// answers the test's questions over the child-process IPC channel (see composition.test.ts).
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';

const record = {
  schemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  trays: [],
  applicationMenu: undefined,
  notifications: [],
  errorBoxes: [],
  opened: [],
  session: {},
  sandbox: false,
  quitSteps: [],
};

const paths = new Map([['userData', path.join(process.env.HOME ?? '/tmp', '.config', 'Electron')]]);

class App extends EventEmitter {
  isPackaged = false;
  #ready = Promise.resolve();
  #quitting = false;
  setPath(name, value) {
    paths.set(name, value);
  }
  getPath(name) {
    return paths.get(name) ?? path.join(paths.get('userData'), name);
  }
  getVersion() {
    return '0.1.0';
  }
  getName() {
    return 'Quotedesk';
  }
  enableSandbox() {
    record.sandbox = true;
  }
  setAppUserModelId() {}
  /** FAKE_ELECTRON_LOCK_HELD=1 plays a second launch: another instance holds the lock. */
  requestSingleInstanceLock() {
    return process.env.FAKE_ELECTRON_LOCK_HELD !== '1';
  }
  whenReady() {
    return this.#ready;
  }
  setLoginItemSettings() {}
  getLoginItemSettings() {
    return { openAtLogin: false };
  }
  /** Electron's order: before-quit, close every window, will-quit, quit, exit. */
  quit() {
    record.quitSteps.push('quit()');
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    if (!this.#quitting) {
      this.emit('before-quit', event);
      if (prevented) return;
      this.#quitting = true;
      for (const w of [...record.windows]) {
        if (!w.isDestroyed() && !w.close()) {
          this.#quitting = false;
          return;
        }
      }
    }
    this.emit('will-quit', event);
    if (prevented) {
      record.quitSteps.push('will-quit prevented');
      return;
    }
    record.quitSteps.push('exit');
    this.emit('quit');
    setImmediate(() => process.exit(0));
  }
  exit(code) {
    record.quitSteps.push(`exit(${code})`);
    setImmediate(() => process.exit(code));
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  sent = [];
  openHandler = undefined;
  destroyed = false;
  setWindowOpenHandler(handler) {
    this.openHandler = handler;
  }
  send(channel, data) {
    this.sent.push([channel, data]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  reload() {}
}

export class BrowserWindow extends EventEmitter {
  webContents = new WebContents();
  loaded = [];
  visible = false;
  destroyed = false;
  constructor(options) {
    super();
    this.options = options;
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    this.loaded.push(url);
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  maximize() {}
  setFullScreen() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    const { x, y, width, height } = this.options;
    return { x, y, width, height };
  }
  /** The close button: true when the window really closed. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    return true;
  }
}

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.schemes.push(...schemes);
  },
  handle(scheme, handler) {
    record.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel, listener) {
    if (record.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    record.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel) {
    record.ipcHandlers.delete(channel);
  },
  on() {},
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h) => (record.session.permissionRequest = h),
    setPermissionCheckHandler: (h) => (record.session.permissionCheck = h),
    setDevicePermissionHandler: (h) => (record.session.devicePermission = h),
    webRequest: { onBeforeRequest: (l) => (record.session.beforeRequest = l) },
  },
};

// A keyring whose key lives as long as the data dir's name: the same across runs of one test.
const keyFor = () => createHash('sha256').update(app.getPath('userData')).digest();
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  encryptStringAsync: async (text) => {
    const iv = Buffer.alloc(12, 7);
    const c = createCipheriv('aes-256-gcm', keyFor(), iv);
    const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return Buffer.concat([c.getAuthTag(), body]);
  },
  decryptStringAsync: async (data) => {
    const d = createDecipheriv('aes-256-gcm', keyFor(), Buffer.alloc(12, 7));
    d.setAuthTag(data.subarray(0, 16));
    return { result: Buffer.concat([d.update(data.subarray(16)), d.final()]).toString('utf8'), shouldReEncrypt: false };
  },
  getSelectedStorageBackend: () => 'gnome_libsecret',
};

export const powerMonitor = new EventEmitter();

const display = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = {
  getAllDisplays: () => [display],
  getPrimaryDisplay: () => display,
};

export class Tray extends EventEmitter {
  tooltip = '';
  menu = undefined;
  destroyed = false;
  constructor(icon) {
    super();
    this.icon = icon;
    record.trays.push(this);
  }
  setToolTip(t) {
    this.tooltip = t;
  }
  setContextMenu(m) {
    this.menu = m;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => (record.applicationMenu = menu),
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record.notifications.push(this.options);
  }
}

export const dialog = {
  showErrorBox: (title, content) => {
    record.errorBoxes.push({ title, content });
    process.stderr.write(`[error box] ${title}: ${content}\n`);
  },
};

export const shell = {
  openPath: async (p) => {
    record.opened.push(p);
    return '';
  },
  openExternal: async (url) => {
    record.opened.push(url);
  },
};

const labels = (items) => items.map((i) => (i.type === 'separator' ? '---' : (i.label ?? i.role)));

/** The test's questions, answered from what the shell did. */
async function answer(message) {
  switch (message.type) {
    case 'state': {
      const win = record.windows[0];
      const tray = record.trays.at(-1);
      return {
        schemes: record.schemes,
        sandbox: record.sandbox,
        channels: [...record.ipcHandlers.keys()],
        window: win && {
          options: win.options,
          loaded: win.loaded,
          visible: win.visible,
          destroyed: win.destroyed,
          sentChannels: [...new Set(win.webContents.sent.map(([c]) => c))],
          guarded: win.webContents.openHandler !== undefined && win.webContents.listenerCount('will-navigate') > 0,
        },
        tray: tray && {
          icon: tray.icon,
          tooltip: tray.tooltip,
          labels: labels(tray.menu?.template ?? []),
          destroyed: tray.destroyed,
        },
        menu: labels(record.applicationMenu?.template ?? []),
        session: Object.keys(record.session).sort(),
        notifications: record.notifications,
        errorBoxes: record.errorBoxes,
        opened: record.opened,
        quitSteps: record.quitSteps,
      };
    }
    case 'invoke': {
      const handler = record.ipcHandlers.get(message.channel);
      if (!handler) return { missing: message.channel };
      return handler({ senderFrame: { url: message.url, parent: null } }, ...message.args);
    }
    case 'fetch': {
      const handler = record.protocolHandlers.get('app');
      const res = await handler(new Request(message.url));
      return {
        status: res.status,
        csp: res.headers.get('content-security-policy'),
        text: (await res.text()).slice(0, 4000),
      };
    }
    case 'navigate': {
      const contents = record.windows[0].webContents;
      let prevented = false;
      contents.emit('will-navigate', { url: message.url, preventDefault: () => (prevented = true) }, message.url);
      return { prevented };
    }
    case 'permission': {
      return new Promise((resolve) => record.session.permissionRequest({}, message.permission, resolve));
    }
    case 'power':
      powerMonitor.emit(message.event);
      return true;
    case 'close-window':
      return record.windows[0].close();
    case 'quit':
      app.quit();
      return true;
    default:
      throw new Error(`unknown question ${message.type}`);
  }
}

process.on('message', (message) => {
  answer(message).then(
    (value) => process.send({ id: message.id, value }),
    (err) => process.send({ id: message.id, error: String(err?.stack ?? err) }),
  );
});

export default {
  app,
  BrowserWindow,
  protocol,
  ipcMain,
  session,
  safeStorage,
  powerMonitor,
  screen,
  Tray,
  Menu,
  Notification,
  dialog,
  shell,
};
