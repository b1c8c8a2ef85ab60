import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../engine/logger';
import { APP_ENTRY_URL } from './app-protocol';
import {
  createExternalUrlPolicy,
  createMainWindow,
  createUrlTrust,
  guardWebContents,
  hardenSession,
  type ExternalUrl,
  type PreventableEvent,
  type SessionLike,
  type WindowOptions,
} from './window';

class FakeWebContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  sent: [string, unknown][] = [];
  reloads = 0;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  send(channel: string, data: unknown) {
    this.sent.push([channel, data]);
  }
  isDestroyed() {
    return false;
  }
  reload() {
    this.reloads++;
  }
  /** Fires a navigation the way Electron does and says whether it went ahead. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string, withUrlOnEvent = true): boolean {
    let prevented = false;
    const e: PreventableEvent = { preventDefault: () => (prevented = true), ...(withUrlOnEvent ? { url } : {}) };
    this.emit(event, e, url);
    return !prevented;
  }
}

class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string[] = [];
  shown = 0;
  maximized = false;
  fullScreen = false;
  constructor(readonly options: WindowOptions) {
    super();
    FakeWindow.created.push(this);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show() {
    this.shown++;
  }
  maximize() {
    this.maximized = true;
  }
  setFullScreen(flag: boolean) {
    this.fullScreen = flag;
  }
}

const placement = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true, fullScreen: false };

describe('main window', () => {
  it('is created with every web preference of the security checklist, in its remembered place', async () => {
    const logger = createRecordingLogger();
    const { window, loaded } = createMainWindow(FakeWindow, {
      preload: '/app/out/preload/index.cjs',
      url: APP_ENTRY_URL,
      placement,
      showWhenReady: true,
      devTools: false,
      logger,
      now: () => 0,
    });
    await loaded;
    expect(window.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      devTools: false,
    });
    expect(window.loaded).toEqual([APP_ENTRY_URL]);
    expect(window.shown).toBe(0);
    window.emit('ready-to-show');
    expect([window.shown, window.maximized]).toEqual([1, true]);
  });

  it('stays hidden when it starts in the tray, and shows in its remembered state when asked', () => {
    const { window, reveal } = createMainWindow(FakeWindow, {
      preload: 'p',
      url: APP_ENTRY_URL,
      placement,
      showWhenReady: false,
      devTools: false,
      logger: createRecordingLogger(),
      now: () => 0,
    });
    window.emit('ready-to-show');
    expect(window.shown).toBe(0);
    reveal();
    expect([window.shown, window.maximized]).toEqual([1, true]);
  });

  it('reloads a crashed renderer, but not in a loop', () => {
    let now = 0;
    const logger = createRecordingLogger();
    const { window } = createMainWindow(FakeWindow, {
      preload: 'p',
      url: APP_ENTRY_URL,
      placement,
      showWhenReady: true,
      devTools: false,
      logger,
      now: () => now,
    });
    const crash = (reason: string) => window.webContents.emit('render-process-gone', {}, { reason, exitCode: 1 });
    crash('clean-exit');
    expect(window.webContents.reloads).toBe(0);
    for (let i = 0; i < 5; i++) crash('crashed');
    expect(window.webContents.reloads).toBe(3);
    now = 61_000;
    crash('oom');
    expect(window.webContents.reloads).toBe(4);
    expect(logger.records.filter((r) => r.level === 'error')).toHaveLength(7);
  });
});

describe('web contents guard', () => {
  const setup = () => {
    const contents = new FakeWebContents();
    const opened: ExternalUrl[] = [];
    const logger = createRecordingLogger();
    guardWebContents(contents, {
      isTrustedUrl: createUrlTrust(undefined),
      toExternal: createExternalUrlPolicy({ httpsHosts: ['finnhub.io'], loopbackPort: () => 7717 }),
      openExternal: (u) => opened.push(u),
      logger,
    });
    return { contents, opened, logger };
  };

  it('keeps navigation inside the app', () => {
    const { contents, opened } = setup();
    expect(contents.navigate('will-navigate', `${APP_ENTRY_URL}#/settings`)).toBe(true);
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(false);
    expect(contents.navigate('will-redirect', 'file:///etc/passwd')).toBe(false);
    expect(contents.navigate('will-navigate', 'https://evil.example/', false)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('sends allowed links to the browser instead of navigating', () => {
    const { contents, opened } = setup();
    expect(contents.navigate('will-navigate', 'https://finnhub.io/register')).toBe(false);
    expect(opened).toEqual(['https://finnhub.io/register']);
  });

  it('denies every new window, opening only allowed links in the browser', () => {
    const { contents, opened, logger } = setup();
    const open = (url: string) => contents.openHandler?.({ url });
    expect(open('https://finnhub.io/pricing')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open(APP_ENTRY_URL)).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://finnhub.io/pricing']);
    expect(logger.records.filter((r) => r.msg === 'window.open refused')).toHaveLength(2);
  });

  it('refuses <webview>', () => {
    const { contents } = setup();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('URL policies', () => {
  it('trusts the app origin, and the dev server (with its socket) only while developing', () => {
    const prod = createUrlTrust(undefined);
    expect(prod('app://quotedesk/index.html')).toBe(true);
    expect(prod('app://quotedesk.evil/index.html')).toBe(false);
    expect(prod('http://localhost:5173/')).toBe(false);
    expect(prod('file:///app/out/renderer/index.html')).toBe(false);
    expect(prod('not a url')).toBe(false);
    const dev = createUrlTrust('http://localhost:5173');
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev('ws://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('opens in the browser only https provider pages and the local API on its own port', () => {
    let port: number | undefined = 7717;
    const toExternal = createExternalUrlPolicy({
      httpsHosts: ['finnhub.io', 'www.alphavantage.co'],
      loopbackPort: () => port,
    });
    expect(toExternal('https://www.alphavantage.co/support/#api-key')).toBe(
      'https://www.alphavantage.co/support/#api-key',
    );
    expect(toExternal('http://127.0.0.1:7717/api/v1/openapi.json')).toBe('http://127.0.0.1:7717/api/v1/openapi.json');
    for (const bad of [
      'http://finnhub.io/register',
      'https://finnhub.io:8443/',
      'https://user:pw@finnhub.io/',
      'https://finnhub.io.evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
    ]) {
      expect(toExternal(bad), bad).toBeUndefined();
    }
    port = undefined;
    expect(toExternal('http://127.0.0.1:7717/')).toBeUndefined();
  });
});

describe('session hardening', () => {
  function fakeSession() {
    const s = {
      request: undefined as undefined | ((wc: unknown, p: string, cb: (g: boolean) => void) => void),
      check: undefined as undefined | ((wc: unknown, p: string) => boolean),
      device: undefined as undefined | (() => boolean),
      beforeRequest: undefined as undefined | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
    };
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => (s.request = h),
      setPermissionCheckHandler: (h) => (s.check = h),
      setDevicePermissionHandler: (h) => (s.device = h),
      webRequest: { onBeforeRequest: (l) => (s.beforeRequest = l) },
    };
    return { s, session };
  }

  it('denies every permission and cancels every request that is not the app', () => {
    const { s, session } = fakeSession();
    hardenSession(session, { isTrustedUrl: createUrlTrust(undefined), logger: createRecordingLogger() });
    const granted: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      s.request?.({}, p, (g) => granted.push(g));
    }
    expect(granted).toEqual([false, false, false, false, false]);
    expect(s.check?.({}, 'clipboard-sanitized-write')).toBe(false);
    expect(s.device?.()).toBe(false);
    const cancelled = (url: string) => {
      let cancel: boolean | undefined;
      s.beforeRequest?.({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(cancelled('app://quotedesk/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(cancelled('https://tracker.example/pixel.gif')).toBe(true);
    expect(cancelled('http://127.0.0.1:7717/api/v1/market/live')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
  });
});
