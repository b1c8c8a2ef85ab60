// `npm run serve`: the engine, the local REST/SSE API and the built UI over HTTP, without Electron.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngineApi } from '../engine/api';
import { ConfigError, type Env } from '../engine/config';
import { createFileSecretStore } from '../engine/file-secret-store';
import { createEngine } from '../engine/index';
import { createAppLogger } from '../engine/observability/app-logger';
import { createFileSettingsStore } from '../engine/settings-store';

/** The project (or unpacked app) root: out/main/headless.js and electron/headless/index.ts both sit two levels down. */
export function appRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function dataDirFrom(env: Env): string {
  return env.QUOTEDESK_DATA_DIR?.trim() || path.join(os.homedir(), '.quotedesk');
}

export async function serve(env: Env): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = appRoot();
  const dataDir = dataDirFrom(env);
  fs.mkdirSync(dataDir, { recursive: true });
  // The same JSON file as the desktop app (<data dir>/logs), and readable lines on the terminal.
  const appLog = createAppLogger({
    logsDir: path.join(dataDir, 'logs'),
    level: env.QUOTEDESK_LOG_LEVEL ?? 'info',
    stdout:
      env.QUOTEDESK_LOG_STDOUT === 'json' || env.QUOTEDESK_LOG_STDOUT === 'none' ? env.QUOTEDESK_LOG_STDOUT : 'pretty',
  });
  const logger = appLog.logger;
  const settings = createFileSettingsStore(path.join(dataDir, 'settings.json'), logger);
  // Keys entered in the settings screen; QUOTEDESK_*_KEY variables still win over them.
  const secrets = createFileSecretStore(path.join(dataDir, 'secrets.json'), logger);
  const universe = env.QUOTEDESK_UNIVERSE?.trim() || path.join(root, 'resources', 'universe', 'us-stocks.csv');
  const engine = createEngine({
    dataDir,
    universeFiles: [universe, path.join(root, 'resources', 'universe', 'index-proxies.csv')],
    settings,
    secrets,
    env,
    logger,
    observability: appLog,
  });
  await engine.start();
  if (!engine.config.apiEnabled) {
    logger.warn('the local API is turned off in settings; `serve` exists to serve it, so it is on here');
  }
  const staticDir = path.join(root, 'out', 'renderer');
  const server = await startEngineApi(engine, fs.existsSync(staticDir) ? { staticDir } : {});
  const loginUrl = `${server.url}/?token=${encodeURIComponent(engine.config.adminToken)}`;
  process.stdout.write(
    `Quotedesk is serving ${engine.status().feed === 'simulated' ? 'SIMULATED data' : 'live data'} on ${server.url}\n` +
      `  open the UI:  ${loginUrl}\n` +
      `  API:          ${server.url}/api/v1 (OpenAPI at /api/v1/openapi.json; guide in docs/api.md)\n` +
      `  data dir:     ${dataDir}\n`,
  );
  return {
    url: server.url,
    async stop() {
      await server.close();
      await engine.stop();
      appLog.close();
    },
  };
}

async function main(): Promise<void> {
  try {
    const running = await serve(process.env);
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal}: stopping\n`);
      running.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`error while stopping: ${String(err)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  } catch (err) {
    const message =
      err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`Quotedesk could not start: ${message}\n`);
    process.exit(1);
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) void main();
