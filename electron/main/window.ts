// The one door to BrowserWindow: hardened web preferences, no navigation away from the app, no new
// windows, no permissions, no remote requests; external links go to the browser only when allowed.
import type { Logger } from '../engine/logger';
import { APP_ORIGIN } from './app-protocol';
import type { Rect } from './window-state';

/** A navigation or window-open event as Electron passes it (newer versions carry `url` on it). */
export type PreventableEvent = { preventDefault(): void; url?: string };

/** The parts of a webContents this module guards (a fake in tests). */
export type WebContentsLike = {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
};

/** The parts of a BrowserWindow the shell drives. */
export type WindowLike = {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  maximize(): void;
  setFullScreen(flag: boolean): void;
  webContents: WebContentsLike & {
    on(
      event: 'render-process-gone',
      listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
    ): unknown;
    send(channel: string, data: unknown): void;
    isDestroyed(): boolean;
    reload(): void;
  };
};

export type WindowOptions = ReturnType<typeof windowOptions>;
export type WindowConstructor<W extends WindowLike> = new (options: WindowOptions) => W;

/** The security checklist's web preferences, for every window the app opens. */
export function windowOptions(options: { preload: string; bounds: Rect; icon?: string; devTools: boolean }) {
  return {
    ...options.bounds,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Quotedesk',
    backgroundColor: '#0f1115',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  } as const;
}

/** scheme://host[:port] of a URL. Not URL.origin: Node's URL says "null" for app:// (a scheme it does not know). */
function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.host === '' ? undefined : `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

/** Which URLs are the app itself: app://quotedesk, or the dev server's origin while developing. */
export function createUrlTrust(devServerUrl: string | undefined): (url: string) => boolean {
  const origins = new Set([APP_ORIGIN]);
  const dev = devServerUrl ? originOf(devServerUrl) : undefined;
  if (dev) {
    // The dev server's hot-reload socket shares its host and port.
    origins.add(dev).add(dev.replace(/^http/, 'ws'));
  }
  return (url) => {
    const origin = originOf(url);
    return origin !== undefined && origins.has(origin);
  };
}

/** A URL checked by `createExternalUrlPolicy`: the only kind the shell hands to the OS browser. */
export type ExternalUrl = string & { readonly __brand: 'ExternalUrl' };

/**
 * Links the renderer may open in the user's browser: https pages of the providers (to get a key,
 * read a plan) and the local API on loopback. Everything else is dropped.
 */
export function createExternalUrlPolicy(options: {
  httpsHosts: readonly string[];
  loopbackPort: () => number | undefined;
}): (raw: string) => ExternalUrl | undefined {
  const hosts = new Set(options.httpsHosts);
  return (raw) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return undefined;
    }
    if (u.username || u.password) return undefined;
    if (u.protocol === 'https:' && hosts.has(u.hostname) && u.port === '') return u.href as ExternalUrl;
    const port = options.loopbackPort();
    if (u.protocol === 'http:' && u.hostname === '127.0.0.1' && port !== undefined && u.port === String(port)) {
      return u.href as ExternalUrl;
    }
    return undefined;
  };
}

export type GuardOptions = {
  isTrustedUrl: (url: string) => boolean;
  toExternal: (raw: string) => ExternalUrl | undefined;
  openExternal: (url: ExternalUrl) => void;
  logger: Logger;
};

/**
 * Locks down one webContents (every one the app creates, through 'web-contents-created'): no new
 * windows, no navigation or redirect away from the app, no <webview>.
 */
export function guardWebContents(contents: WebContentsLike, options: GuardOptions): void {
  const { isTrustedUrl, logger } = options;
  contents.setWindowOpenHandler(({ url }) => {
    const external = options.toExternal(url);
    if (external) options.openExternal(external);
    else logger.warn({ url }, 'window.open refused');
    return { action: 'deny' };
  });
  const guard = (event: PreventableEvent, url: string) => {
    const target = event.url ?? url;
    if (isTrustedUrl(target)) return;
    event.preventDefault();
    const external = options.toExternal(target);
    if (external) options.openExternal(external);
    else logger.warn({ url: target }, 'navigation away from the app refused');
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn({}, '<webview> refused');
  });
}

/** The parts of Electron's Session this module locks down. */
export type SessionLike = {
  setPermissionRequestHandler(
    handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  webRequest: {
    onBeforeRequest(
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
  };
};

/** Schemes the window uses besides the app's own origin: inline images, blobs, DevTools. */
const INTERNAL_SCHEMES = new Set(['data:', 'blob:', 'devtools:', 'chrome-extension:']);

/**
 * Denies every permission (camera, microphone, location, notifications from the page, USB, HID,
 * serial — desktop notifications go through the main process) and cancels every request that is
 * not to the app itself: the renderer talks to the engine over IPC and needs no network.
 */
export function hardenSession(
  session: SessionLike,
  options: { isTrustedUrl: (url: string) => boolean; logger: Logger },
): void {
  const { logger } = options;
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    logger.warn({ permission }, 'permission request refused');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      // An unparsable URL is cancelled below.
    }
    const allowed = options.isTrustedUrl(details.url) || INTERNAL_SCHEMES.has(scheme);
    if (!allowed) logger.warn({ url: details.url }, 'request from the window cancelled');
    callback({ cancel: !allowed });
  });
}

/**
 * Creates the main window with the hardened options, in the place decided for it, and loads the
 * app. A crashed renderer is reloaded (at most three times a minute, so a page that crashes at
 * once does not spin).
 */
export function createMainWindow<W extends WindowLike>(
  BrowserWindow: WindowConstructor<W>,
  options: {
    preload: string;
    url: string;
    placement: { bounds: Rect; maximized: boolean; fullScreen: boolean };
    showWhenReady: boolean;
    devTools: boolean;
    icon?: string;
    logger: Logger;
    now: () => number;
  },
): { window: W; loaded: Promise<void>; reveal: () => void } {
  const { logger } = options;
  const win = new BrowserWindow(
    windowOptions({
      preload: options.preload,
      bounds: options.placement.bounds,
      devTools: options.devTools,
      ...(options.icon ? { icon: options.icon } : {}),
    }),
  );
  let revealed = false;
  /** Shows the window the first time in its remembered state, later simply shows it. */
  const reveal = () => {
    if (!revealed) {
      revealed = true;
      if (options.placement.maximized) win.maximize();
      if (options.placement.fullScreen) win.setFullScreen(true);
    }
    win.show();
  };
  win.once('ready-to-show', () => {
    if (options.showWhenReady) reveal();
  });
  const crashes: number[] = [];
  win.webContents.on('render-process-gone', (_event, details) => {
    logger.error({ reason: details.reason, exitCode: details.exitCode }, 'the window’s renderer process is gone');
    if (details.reason === 'clean-exit') return;
    const t = options.now();
    while (crashes.length > 0 && (crashes[0] ?? 0) < t - 60_000) crashes.shift();
    if (crashes.length >= 3) return;
    crashes.push(t);
    if (!win.webContents.isDestroyed()) win.webContents.reload();
  });
  const loaded = win.loadURL(options.url);
  return { window: win, loaded, reveal };
}
