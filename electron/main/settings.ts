// The shell's settings file: electron-store with a schema and migrations; a file it cannot open
// is kept aside, what can be saved from it is saved, and the app starts on defaults.
import nodeFs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_DESKTOP_SETTINGS,
  desktopSettingsPatchSchema,
  desktopSettingsSchema,
  type DesktopNotice,
  type DesktopSettings,
  type DesktopSettingsPatch,
} from '../../shared/contract/desktop';
import { defaultSettings, settingsSchema, type Settings } from '../../shared/settings';
import type { Logger } from '../engine/logger';
import type { SettingsStore } from '../engine/settings-store';
import { windowStateSchema, type WindowState } from './window-state';

/**
 * The format of the file, recorded by electron-store as its migration version. It is not the
 * app's version: it changes only when the file's shape changes, with a migration below.
 */
export const SETTINGS_FORMAT = '1.0.0';
export const SETTINGS_NAME = 'settings';

/** Each top-level key of the file, validated on its own so one bad section spares the others. */
const sections = {
  engine: settingsSchema,
  desktop: desktopSettingsSchema.partial(),
  window: windowStateSchema,
} as const;
type SectionName = keyof typeof sections;
const sectionNames = Object.keys(sections) as SectionName[];

/** The JSON Schema electron-store (ajv) checks every read and write against, derived from zod. */
export function settingsJsonSchema(): Record<SectionName, Record<string, unknown>> {
  const toJson = (s: z.ZodType) => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input' }) as Record<string, unknown>;
    return rest;
  };
  return { engine: toJson(sections.engine), desktop: toJson(sections.desktop), window: toJson(sections.window) };
}

/** What a migration may do to the store (electron-store passes itself). */
export type MigratingStore = {
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
  delete(key: string): void;
};

const FLAT_ENGINE_KEYS = ['providers', 'limits', 'api', 'extendedHours', 'theme'];

/** Migrations by format version; each one tolerates a fresh, empty store. */
export const settingsMigrations: Record<string, (store: MigratingStore) => void> = {
  // 0.x (the first builds) kept the engine's settings at the top of the file. They move under
  // `engine`, the API token with them, so spreadsheets that use it keep working.
  '1.0.0': (store) => {
    const flat = store.store;
    const present = FLAT_ENGINE_KEYS.filter((k) => k in flat);
    if (present.length === 0 || 'engine' in flat) return;
    store.set('engine', Object.fromEntries(present.map((k) => [k, flat[k]])));
    for (const k of present) store.delete(k);
  },
};

export type StoreOptions = {
  name: string;
  cwd: string;
  projectVersion: string;
  schema: Record<string, Record<string, unknown>>;
  migrations: Record<string, (store: MigratingStore) => void>;
  /** Never let the store clear a damaged file by itself: it would do so without a copy. */
  clearInvalidConfig: false;
};

/** The parts of an electron-store (or conf) instance used here. */
export type StoreLike = {
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
};

export type StoreFactory = (options: StoreOptions) => StoreLike;

export type ShellSettings = {
  /** The engine's settings (providers, limits, local API, theme) behind the engine's interface. */
  readonly engine: SettingsStore;
  desktop(): DesktopSettings;
  updateDesktop(patch: DesktopSettingsPatch): DesktopSettings;
  windowState(): WindowState | undefined;
  saveWindowState(state: WindowState): void;
  /** Problems met while opening the file, for the settings screen. */
  readonly notices: readonly DesktopNotice[];
  readonly file: string;
};

export type OpenSettingsDeps = {
  createStore: StoreFactory;
  dir: string;
  logger: Logger;
  now?: () => number;
  fs?: Pick<typeof nodeFs, 'existsSync' | 'renameSync' | 'readFileSync'>;
};

function memoryStore(): StoreLike {
  const data: Record<string, unknown> = {};
  return {
    get store() {
      return { ...data };
    },
    set(key, value) {
      data[key] = value;
    },
  };
}

/** The sections of a damaged file that still parse, to be written into the fresh file. */
function salvage(text: string): Partial<Record<SectionName, unknown>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const kept: Partial<Record<SectionName, unknown>> = {};
  for (const name of sectionNames) {
    const value = (raw as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const parsed = sections[name].safeParse(value);
    if (parsed.success) kept[name] = value;
  }
  return kept;
}

function backupName(file: string, now: number): string {
  // No colons: the name must be valid on Windows too.
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return path.join(path.dirname(file), `${path.basename(file, '.json')}.corrupt-${stamp}.json`);
}

/**
 * Opens the settings file. When electron-store refuses it (not JSON, fails the schema, a
 * migration throws on it), the file is renamed to `settings.corrupt-<time>.json`, the sections
 * that still parse are carried into a fresh file, and a notice tells the user. When even a fresh
 * file cannot be written (a read-only or full disk), settings live in memory for this run.
 */
export function openShellSettings(deps: OpenSettingsDeps): ShellSettings {
  const fs = deps.fs ?? nodeFs;
  const now = deps.now ?? Date.now;
  const { logger } = deps;
  const file = path.join(deps.dir, `${SETTINGS_NAME}.json`);
  const options: StoreOptions = {
    name: SETTINGS_NAME,
    cwd: deps.dir,
    projectVersion: SETTINGS_FORMAT,
    schema: settingsJsonSchema(),
    migrations: settingsMigrations,
    clearInvalidConfig: false,
  };
  const notices: DesktopNotice[] = [];

  const fallBackToMemory = (err: unknown): StoreLike => {
    logger.error({ file, err: String(err) }, 'settings file cannot be written; settings are kept for this run only');
    notices.push({
      code: 'settings-not-saved',
      message: `Quotedesk cannot write its settings file (${file}): changes you make now are kept until you quit.`,
    });
    return memoryStore();
  };

  let store: StoreLike;
  try {
    store = deps.createStore(options);
  } catch (err) {
    // An error with an errno code (EACCES, ENOSPC, EROFS…) is the disk's fault, not the file's:
    // the file is left where it is for the next run.
    const diskError = typeof (err as { code?: unknown }).code === 'string';
    if (diskError || !fs.existsSync(file)) {
      store = fallBackToMemory(err);
    } else {
      let kept: Partial<Record<SectionName, unknown>> = {};
      let backup: string | undefined;
      try {
        kept = salvage(fs.readFileSync(file, 'utf8'));
        backup = backupName(file, now());
        fs.renameSync(file, backup);
      } catch (moveErr) {
        backup = undefined;
        logger.error({ file, err: String(moveErr) }, 'damaged settings file could not be moved aside');
      }
      if (backup === undefined) {
        store = fallBackToMemory(err);
      } else {
        logger.warn(
          { file, backup, kept: Object.keys(kept), err: String(err) },
          'settings file could not be read; kept it aside and started from defaults',
        );
        try {
          store = deps.createStore(options);
          for (const [name, value] of Object.entries(kept)) store.set(name, value);
        } catch (again) {
          store = fallBackToMemory(again);
        }
        const keptText =
          Object.keys(kept).length > 0 ? ` What could be read was kept (${Object.keys(kept).join(', ')}).` : '';
        notices.push({
          code: 'settings-reset',
          message: `Your settings file could not be read, so Quotedesk started with default settings.${keptText} The old file was saved as ${backup}.`,
        });
      }
    }
  }

  const read = <N extends SectionName>(name: N): z.output<(typeof sections)[N]> | undefined => {
    const value = store.store[name];
    if (value === undefined) return undefined;
    const parsed = sections[name].safeParse(value);
    return parsed.success ? (parsed.data as z.output<(typeof sections)[N]>) : undefined;
  };

  let engineSettings: Settings = read('engine') ?? defaultSettings();
  let desktop: DesktopSettings = { ...DEFAULT_DESKTOP_SETTINGS, ...read('desktop') };
  let windowState: WindowState | undefined = read('window');

  return {
    engine: {
      get: () => engineSettings,
      update(patch) {
        const next = settingsSchema.parse(patch(engineSettings));
        store.set('engine', next);
        engineSettings = next;
        return engineSettings;
      },
    },
    desktop: () => desktop,
    updateDesktop(patch) {
      const next = desktopSettingsSchema.parse({ ...desktop, ...desktopSettingsPatchSchema.parse(patch) });
      store.set('desktop', next);
      desktop = next;
      return desktop;
    },
    windowState: () => windowState,
    saveWindowState(state) {
      const next = windowStateSchema.parse(state);
      try {
        store.set('window', next);
        windowState = next;
      } catch (err) {
        // The window's place is a convenience: losing it must never disturb the user.
        logger.warn({ err: String(err) }, 'window position not saved');
      }
    },
    notices,
    file,
  };
}
