// The Electron shell: creates the engine, the hardened window, IPC and the optional local API.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import Store from 'electron-store';
import pino from 'pino';
import { startEngineApi } from '../engine/api';
import type { ApiServer } from '../engine/api/server';
import { createEngine, type Engine } from '../engine/index';
import type { Logger } from '../engine/logger';
import { forwardEvents } from './event-forwarder';
import { contractCallSet, registerIpcHandlers } from './ipc';
import { openShellSettings } from './settings';
import { createMainWindow, createUrlTrust, hardenSession, type WindowLike } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

let engine: Engine | undefined;
let server: ApiServer | undefined;
let win: WindowLike | undefined;

async function boot(): Promise<void> {
  const dataDir = process.env.QUOTEDESK_DATA_DIR?.trim() || app.getPath('userData');
  const logger = pino({ level: process.env.QUOTEDESK_LOG_LEVEL ?? 'info' }) as unknown as Logger;
  const shellSettings = openShellSettings({ createStore: (o) => new Store(o), dir: dataDir, logger });
  const settings = shellSettings.engine;
  const resources = app.isPackaged ? process.resourcesPath : path.join(root, 'resources');
  engine = createEngine({
    dataDir,
    universeFiles: [
      process.env.QUOTEDESK_UNIVERSE?.trim() || path.join(resources, 'universe', 'us-stocks.csv'),
      path.join(resources, 'universe', 'index-proxies.csv'),
    ],
    settings,
    env: process.env,
    logger,
  });
  await engine.start();

  const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const rendererFile = path.join(here, '..', 'renderer', 'index.html');
  registerIpcHandlers(ipcMain, [contractCallSet(engine.api)], createUrlTrust(rendererUrl, rendererFile), logger);
  hardenSession(session.defaultSession);
  win = await createMainWindow((o) => new BrowserWindow(o), {
    preload: path.join(here, '..', 'preload', 'index.cjs'),
    rendererUrl,
    rendererFile,
  });
  const target = win;
  forwardEvents(
    engine.events,
    (channel, data) => {
      if (!target.webContents.isDestroyed()) target.webContents.send(channel, data);
    },
    engine.clock,
  );
  if (engine.config.apiEnabled) server = await startEngineApi(engine);
}

const gotLock = app.requestSingleInstanceLock();
if (!gotLock) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    void server?.close();
    void engine?.stop();
  });
  app.whenReady().then(boot, (err: unknown) => {
    process.stderr.write(`Quotedesk could not start: ${String(err)}\n`);
    app.exit(1);
  });
}
