// The Electron shell's composition: makes each part from Electron's objects and wires them together.
// What the parts do lives in their own modules, tested in plain Node with fake Electron objects.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import Store from 'electron-store';
import {
  DESKTOP_COMMAND_CHANNEL,
  desktopCommandSchema,
  type DesktopCommand,
  type DesktopNotice,
  type DesktopSettings,
} from '../../shared/contract/desktop';
import { startEngineApi } from '../engine/api';
import type { ApiServer } from '../engine/api/server';
import { createSystemClock } from '../engine/clock';
import { ConfigError } from '../engine/config';
import { createEngine } from '../engine/index';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { createDesktopHandlers } from './desktop-handlers';
import { createEventForwarder } from './event-forwarder';
import { contractCallSet, desktopCallSet, registerIpcHandlers } from './ipc';
import { createLifecycle } from './lifecycle';
import { openShellLogger } from './logging';
import { createLoginItem } from './login-item';
import { buildAppMenu } from './menu';
import { createNotifier } from './notifications';
import { watchPower } from './power';
import { openSecretStore } from './secrets';
import { openShellSettings } from './settings';
import { bringToFront, claimSingleInstance } from './single-instance';
import { buildTrayModel, createTrayController } from './tray';
import {
  createExternalUrlPolicy,
  createMainWindow,
  createUrlTrust,
  guardWebContents,
  hardenSession,
  type ExternalUrl,
} from './window';
import { placeWindow, trackWindowState } from './window-state';

const APP_NAME = 'Quotedesk';
/** Provider sites the settings screen may link to (to get a key, to read a plan). */
const EXTERNAL_HOSTS = ['finnhub.io', 'www.alphavantage.co', 'alphavantage.co'];

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const resources = app.isPackaged ? process.resourcesPath : path.join(root, 'resources');
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

// Before ready. QUOTEDESK_DATA_DIR moves everything, Chromium's own files and the single-instance
// lock included, so a test or a second profile runs beside the user's copy.
const envDataDir = process.env.QUOTEDESK_DATA_DIR?.trim();
if (envDataDir) app.setPath('userData', path.resolve(envDataDir));
const dataDir = app.getPath('userData');
const logsDir = path.join(dataDir, 'logs');
// A second launch only hands over to the first and quits: it must not touch (or rotate) the log.
const primary = claimSingleInstance(app, () => showWindow());
const appLog = openShellLogger({ logsDir, primary, packaged: app.isPackaged });
const logger = appLog.logger;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId('app.quotedesk.desktop');

let mainWindow: BrowserWindow | undefined;
let revealWindow: () => void = () => undefined;
let apiServer: ApiServer | undefined;

const showWindow = () => bringToFront(mainWindow, revealWindow);

const isTrustedUrl = createUrlTrust(devServerUrl);
const toExternal = createExternalUrlPolicy({
  httpsHosts: EXTERNAL_HOSTS,
  loopbackPort: () => apiServer?.port,
});
const openExternal = (url: ExternalUrl) => {
  shell.openExternal(url).catch((err: unknown) => logger.warn({ err: String(err) }, 'link not opened'));
};

async function boot(): Promise<void> {
  const clock = createSystemClock();
  const platform = process.platform;
  const settings = openShellSettings({ createStore: (o) => new Store(o), dir: dataDir, logger });
  const secrets = await openSecretStore({ safeStorage, dir: dataDir, platform, logger });
  const notices: DesktopNotice[] = [...settings.notices, ...secrets.notices];

  const engine = createEngine({
    dataDir,
    universeFiles: [
      process.env.QUOTEDESK_UNIVERSE?.trim() || path.join(resources, 'universe', 'us-stocks.csv'),
      path.join(resources, 'universe', 'index-proxies.csv'),
    ],
    settings: settings.engine,
    secrets,
    env: process.env,
    logger,
    observability: appLog,
    clock,
  });
  await engine.start();

  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(here, '..', 'renderer')));
  hardenSession(session.defaultSession, { isTrustedUrl, logger });

  const loginItem = createLoginItem({
    platform,
    app,
    isPackaged: app.isPackaged,
    executable: process.env.APPIMAGE ?? process.execPath,
    autostartDir: path.join(process.env.XDG_CONFIG_HOME?.trim() || path.join(os.homedir(), '.config'), 'autostart'),
    appName: APP_NAME,
  });
  // The OS is the truth: the user may have removed the login item in the system's settings.
  if (loginItem.supported && loginItem.enabled() !== settings.desktop().startAtLogin) {
    settings.updateDesktop({ startAtLogin: loginItem.enabled() });
  }

  const sendCommand = (command: DesktopCommand) => {
    showWindow();
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(DESKTOP_COMMAND_CHANNEL, command);
  };
  const icon = path.join(resources, 'icons', '512x512.png');
  const notifier = createNotifier({
    Notification,
    enabled: () => settings.desktop().notifications,
    onClick: (n) => {
      const command = desktopCommandSchema.safeParse({ command: 'show-symbol', symbol: n.symbol });
      if (command.success) sendCommand(command.data);
      else showWindow();
    },
    logger,
    now: () => clock.now(),
    icon,
  });

  const tray = createTrayController({
    Tray,
    icon: path.join(resources, 'tray', platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    model: async () => {
      const desktop = settings.desktop();
      const lists = await engine.api.listWatchlists({});
      const watchlist = lists.find((w) => w.id === desktop.trayWatchlistId) ?? lists[0];
      const quotes = engine.snapshot(new Set(watchlist?.symbols ?? []));
      return buildTrayModel({
        appName: APP_NAME,
        watchlist,
        quotes: new Map(quotes.map((q) => [q.symbol, q])),
        feed: engine.status().feed,
        limit: 10,
        closeToTray: desktop.closeToTray,
      });
    },
    actions: {
      show: showWindow,
      showSymbol: (symbol) => sendCommand({ command: 'show-symbol', symbol }),
      setCloseToTray: (on) => {
        void Promise.resolve(desktopHandlers.updateDesktopSettings({ closeToTray: on })).catch((err: unknown) =>
          logger.warn({ err: String(err) }, 'close-to-tray not changed'),
        );
      },
      quit: () => app.quit(),
    },
    clock,
    logger,
  });
  const applyDesktop = (next: DesktopSettings, previous: DesktopSettings) => {
    const wantTray = next.showTray || next.closeToTray;
    if (wantTray && !tray.isShown()) void tray.show();
    if (!wantTray && tray.isShown()) tray.hide();
    if (next.startAtLogin !== previous.startAtLogin) loginItem.set(next.startAtLogin);
    tray.update();
  };
  const desktopHandlers = createDesktopHandlers({
    settings,
    apply: applyDesktop,
    info: () => ({
      platform,
      version: app.getVersion(),
      dataDir,
      logsDir,
      keyProtection: secrets.keyProtection(),
      canStartAtLogin: loginItem.supported,
      notificationsSupported: Notification.isSupported(),
      notices,
    }),
    openPath: (folder) => shell.openPath(folder === 'data' ? dataDir : logsDir),
  });
  registerIpcHandlers(ipcMain, [contractCallSet(engine.api), desktopCallSet(desktopHandlers)], isTrustedUrl, logger);

  const forwarder = createEventForwarder(engine.events, clock);
  engine.events.on('notification', (n) => notifier.notify(n));
  engine.events.on('quote', () => tray.update());
  const power = watchPower(powerMonitor, engine, { logger, now: () => clock.now(), onShutdown: () => app.quit() });

  const lifecycle = createLifecycle({
    app,
    platform,
    closeToTray: () => settings.desktop().closeToTray,
    show: showWindow,
    onFirstHideToTray: () =>
      notifier.notify({
        title: `${APP_NAME} is still running`,
        body: 'Prices stay fresh in the tray. Choose Quit from the tray menu to stop it.',
      }),
    shutdown: async () => {
      power.dispose();
      forwarder.stop();
      tray.hide();
      await apiServer?.close();
      await engine.stop();
      await secrets.flush();
      logger.info({}, 'stopped');
    },
    logger,
    clock,
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildAppMenu({
        platform,
        appName: APP_NAME,
        devMode: !app.isPackaged,
        actions: {
          command: sendCommand,
          openFolder: (folder) => void desktopHandlers.openDesktopFolder({ folder }),
        },
      }),
    ),
  );

  const startHidden = loginItem.openedAtLogin(process.argv) && settings.desktop().closeToTray;
  const created = createMainWindow(BrowserWindow, {
    preload: path.join(here, '..', 'preload', 'index.cjs'),
    url: devServerUrl ?? APP_ENTRY_URL,
    placement: placeWindow(settings.windowState(), screen.getAllDisplays(), screen.getPrimaryDisplay()),
    showWhenReady: !startHidden,
    devTools: !app.isPackaged,
    ...(platform === 'linux' ? { icon } : {}),
    logger,
    now: () => clock.now(),
  });
  mainWindow = created.window;
  revealWindow = created.reveal;
  forwarder.attach(mainWindow.webContents);
  trackWindowState(mainWindow, (s) => settings.saveWindowState(s), clock);
  lifecycle.attachWindow(mainWindow);
  if (settings.desktop().showTray || settings.desktop().closeToTray) await tray.show();

  if (engine.config.apiEnabled) {
    try {
      apiServer = await startEngineApi(engine);
      logger.info({ url: apiServer.url }, 'local API listening');
    } catch (err) {
      logger.error({ err: String(err) }, 'local API not started');
      notices.push({
        code: 'api-not-started',
        message: `The local API could not start on port ${engine.config.port} (${(err as Error).message}). The app works; spreadsheets and scripts cannot reach it until this is fixed.`,
      });
    }
  }
  await created.loaded.catch((err: unknown) => logger.error({ err: String(err) }, 'the window did not load'));
}

function fail(err: unknown): void {
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  logger.error({ err: err instanceof Error ? (err.stack ?? err.message) : String(err) }, 'Quotedesk could not start');
  dialog.showErrorBox(`${APP_NAME} could not start`, `${message}\n\nDetails are in the log: ${logsDir}`);
  app.exit(1);
}

if (primary) {
  // Every webContents the app ever makes gets the same guard, not only the main window's.
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, { isTrustedUrl, toExternal, openExternal, logger }),
  );
  app.whenReady().then(boot).catch(fail);
}
