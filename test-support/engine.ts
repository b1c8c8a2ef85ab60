// Builds a real engine on a temporary data dir for tests: real SQLite, real universe files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../electron/engine/clock';
import type { Env } from '../electron/engine/config';
import { createEngine, type Engine, type EngineOptions } from '../electron/engine/index';
import { createMemorySettingsStore } from '../electron/engine/settings-store';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const UNIVERSE_FILES = [
  path.join(REPO_ROOT, 'resources', 'universe', 'us-stocks.csv'),
  path.join(REPO_ROOT, 'resources', 'universe', 'index-proxies.csv'),
];

export function tempDir(prefix = 'quotedesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestEngineOptions = Partial<Omit<EngineOptions, 'env'>> & { env?: Env; clock?: Clock };

export function createTestEngine(options: TestEngineOptions = {}): Engine {
  return createEngine({
    dataDir: options.dataDir ?? tempDir(),
    universeFiles: options.universeFiles ?? UNIVERSE_FILES,
    settings: options.settings ?? createMemorySettingsStore(),
    env: { QUOTEDESK_API_TOKEN: 'test-admin-token-0123456789', ...options.env },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.refreshIntervalMs ? { refreshIntervalMs: options.refreshIntervalMs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
}
