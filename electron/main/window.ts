// The main window: hardened web preferences, no navigation away, no new windows, no permissions.

/** The parts of a BrowserWindow this module drives (a fake in tests). */
export type WindowLike = {
  loadURL(url: string): Promise<void>;
  loadFile(file: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  show(): void;
  webContents: {
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
    on(
      event: 'will-navigate' | 'will-redirect',
      listener: (event: { preventDefault(): void }, url: string) => void,
    ): void;
    send(channel: string, data: unknown): void;
    isDestroyed(): boolean;
  };
};

export type WindowOptions = {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
  };
};

export type WindowFactory = (options: WindowOptions) => WindowLike;

/** The parts of Electron's Session this module locks down. */
export type SessionLike = {
  setPermissionRequestHandler(
    handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
};

export function windowOptions(preload: string): WindowOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Quotedesk',
    backgroundColor: '#0f1115',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Which URLs are the app itself: the dev server's origin, or the built index.html. */
export function createUrlTrust(rendererUrl: string | undefined, rendererFile: string): (url: string) => boolean {
  const fileUrl = new URL(`file://${rendererFile}`).href;
  return (url) => {
    try {
      const u = new URL(url);
      if (rendererUrl) return u.origin === new URL(rendererUrl).origin;
      return u.protocol === 'file:' && `${u.origin === 'null' ? 'file://' : u.origin}${u.pathname}` === fileUrl;
    } catch {
      return false;
    }
  };
}

export function hardenSession(session: SessionLike): void {
  // A market monitor needs no camera, microphone, location or notifications from the page
  // (desktop notifications go through the main process).
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export async function createMainWindow(
  factory: WindowFactory,
  options: { preload: string; rendererUrl: string | undefined; rendererFile: string },
): Promise<WindowLike> {
  const win = factory(windowOptions(options.preload));
  const trusted = createUrlTrust(options.rendererUrl, options.rendererFile);
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!trusted(url)) event.preventDefault();
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', guard);
  win.once('ready-to-show', () => win.show());
  if (options.rendererUrl) await win.loadURL(options.rendererUrl);
  else await win.loadFile(options.rendererFile);
  return win;
}
