// Settings behind an interface: a JSON file here and in the headless server, electron-store in the shell.
import fs from 'node:fs';
import path from 'node:path';
import { defaultSettings, settingsSchema, type Settings } from '../../shared/settings';
import type { Logger } from './logger';

export type SettingsStore = {
  get(): Settings;
  update(patch: (current: Settings) => Settings): Settings;
};

export function createMemorySettingsStore(initial: Partial<Settings> = {}): SettingsStore {
  let current = settingsSchema.parse(initial);
  return {
    get: () => current,
    update(patch) {
      current = settingsSchema.parse(patch(current));
      return current;
    },
  };
}

/**
 * A settings file that survives bad days: a corrupt or invalid file is kept aside as
 * `settings.json.corrupt-<time>` and the defaults take over; writes go to a temporary file that is
 * renamed over the old one, so a crash mid-write leaves the old or the new file, never half of one.
 */
export function createFileSettingsStore(file: string, logger: Logger, now = () => Date.now()): SettingsStore {
  const load = (): Settings => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings();
      throw err;
    }
    try {
      return settingsSchema.parse(JSON.parse(text));
    } catch (err) {
      const backup = `${file}.corrupt-${now()}`;
      fs.renameSync(file, backup);
      logger.warn(
        { file, backup, err: String(err) },
        'settings file was unreadable; kept it aside and reset to defaults',
      );
      return defaultSettings();
    }
  };
  let current = load();
  const save = (s: Settings) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(s, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    get: () => current,
    update(patch) {
      const next = settingsSchema.parse(patch(current));
      save(next);
      current = next;
      return current;
    },
  };
}
