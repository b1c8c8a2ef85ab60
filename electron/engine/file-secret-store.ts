// API keys for the headless server: a JSON file in the data dir that only the user can read.
import fs from 'node:fs';
import path from 'node:path';
import type { KeyedProvider, SecretStore } from './config';
import type { Logger } from './logger';

type Keys = Partial<Record<KeyedProvider, string>>;

function parse(text: string): Keys {
  const raw = JSON.parse(text) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not an object');
  const out: Keys = {};
  for (const p of ['finnhub', 'alphavantage'] as const) {
    const v = (raw as Record<string, unknown>)[p];
    if (typeof v === 'string' && v.trim() !== '') out[p] = v;
  }
  return out;
}

/**
 * Keys in `file` (mode 0600, directory 0700), written to a temporary file and renamed over the
 * old one so a crash never leaves half a file. A file others can read is tightened and reported;
 * an unreadable one is kept aside (never logged) and the store starts empty.
 */
export function createFileSecretStore(file: string, logger: Logger, now = () => Date.now()): SecretStore {
  const load = (): Keys => {
    let text: string;
    try {
      const st = fs.statSync(file);
      if ((st.mode & 0o077) !== 0) {
        fs.chmodSync(file, 0o600);
        logger.warn({ file }, 'the key file could be read by other users; it is now readable by you only');
      }
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    try {
      return parse(text);
    } catch {
      const aside = `${file}.corrupt-${now()}`;
      fs.renameSync(file, aside);
      logger.warn({ file, aside }, 'the key file was unreadable; kept it aside and started without stored keys');
      return {};
    }
  };
  let keys = load();
  const save = (next: Keys) => {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(next, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    keys = next;
  };
  return {
    get: (p) => keys[p],
    set(p, key) {
      save({ ...keys, [p]: key });
    },
    delete(p) {
      if (keys[p] === undefined) return;
      const next = { ...keys };
      delete next[p];
      save(next);
    },
    protection: () => `in ${file}, readable only by your user account (file mode 0600)`,
  };
}
