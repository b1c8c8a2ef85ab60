// Settings in the shell: electron-store underneath, the engine's SettingsStore interface on top.
import { defaultSettings, settingsSchema, type Settings } from '../../shared/settings';
import type { Logger } from '../engine/logger';
import type { SettingsStore } from '../engine/settings-store';

/** The parts of an electron-store instance used here. */
export type KeyValueStore = {
  readonly store: Record<string, unknown>;
  set(object: Record<string, unknown>): void;
  clear(): void;
};

export function createShellSettingsStore(store: KeyValueStore, logger: Logger): SettingsStore {
  const parsed = settingsSchema.safeParse(store.store);
  let current: Settings;
  if (parsed.success) {
    current = parsed.data;
  } else {
    logger.warn({ issues: parsed.error.issues.length }, 'settings did not match the schema; defaults used');
    current = defaultSettings();
  }
  return {
    get: () => current,
    update(patch) {
      const next = settingsSchema.parse(patch(current));
      store.clear();
      store.set(next);
      current = next;
      return current;
    },
  };
}
