// API keys, encrypted with Electron's safeStorage, in their own file apart from the settings.
import { randomBytes } from 'node:crypto';
import nodeFs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DesktopNotice, KeyProtection } from '../../shared/contract/desktop';
import type { KeyedProvider, SecretStore } from '../engine/config';
import type { Logger } from '../engine/logger';

/** The parts of Electron's safeStorage used here (a fake keyring in tests). */
export type SafeStorageLike = {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only: which keyring Chromium picked. */
  getSelectedStorageBackend(): string;
};

export const SECRETS_FILE = 'secrets.json';

const PROVIDERS: readonly KeyedProvider[] = ['finnhub', 'alphavantage'];
const NAMES: Record<KeyedProvider, string> = { finnhub: 'Finnhub', alphavantage: 'Alpha Vantage' };

const secretsFileSchema = z.object({
  format: z.literal(1),
  /** Base64 of what safeStorage produced; never the key itself. */
  keys: z.partialRecord(z.enum(['finnhub', 'alphavantage']), z.string().min(1)),
});
type SecretsFile = z.infer<typeof secretsFileSchema>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** How keys are protected on this machine, in words a user can act on. */
export function describeProtection(
  platform: string,
  available: boolean,
  linuxBackend: string | undefined,
): KeyProtection {
  if (!available) {
    return {
      level: 'none',
      backend: 'unavailable',
      text:
        'This system offers no way to encrypt API keys, so they are kept in memory only and must be ' +
        'entered again after every start (or set QUOTEDESK_FINNHUB_KEY / QUOTEDESK_ALPHAVANTAGE_KEY).',
    };
  }
  if (platform === 'darwin') {
    return { level: 'os', backend: 'keychain', text: 'Encrypted with a key kept in your macOS Keychain.' };
  }
  if (platform === 'win32') {
    return {
      level: 'os',
      backend: 'dpapi',
      text: 'Encrypted with Windows DPAPI: only your Windows account on this PC can decrypt them.',
    };
  }
  switch (linuxBackend) {
    case 'gnome_libsecret':
      return {
        level: 'os',
        backend: linuxBackend,
        text: "Encrypted with a key kept by your desktop's Secret Service (GNOME Keyring, through libsecret).",
      };
    case 'kwallet':
    case 'kwallet5':
    case 'kwallet6':
      return { level: 'os', backend: linuxBackend, text: 'Encrypted with a key kept in KWallet.' };
    case 'basic_text':
      return {
        level: 'weak',
        backend: 'basic_text',
        text:
          'Not really protected: no keyring (GNOME Keyring or KWallet) was found, so keys are encrypted ' +
          'with a fixed key that is the same on every computer ("basic_text"). Anyone who can read your ' +
          'files can read them. Install or unlock a keyring, restart Quotedesk and enter the keys again.',
      };
    default:
      return { level: 'os', backend: linuxBackend ?? 'unknown', text: "Encrypted with your desktop's keyring." };
  }
}

export type DesktopSecretStore = SecretStore & {
  keyProtection(): KeyProtection;
  /** Problems met while reading the keys file, for the settings screen. */
  readonly notices: readonly DesktopNotice[];
  /** Resolves once every key change so far is on disk (awaited before quitting). */
  flush(): Promise<void>;
};

export type SecretStoreDeps = {
  safeStorage: SafeStorageLike;
  dir: string;
  platform: NodeJS.Platform;
  logger: Logger;
  now?: () => number;
  fs?: Pick<typeof nodeFs, 'readFileSync' | 'writeFileSync' | 'renameSync' | 'mkdirSync' | 'rmSync'>;
};

/**
 * Opens the keys file and decrypts what it holds. Keys live in memory once read, so `get` is
 * synchronous for the engine; `set` and `delete` take effect at once and reach the disk, encrypted,
 * in the order they were made (`flush()` waits for that). Nothing here ever logs a key.
 */
export async function openSecretStore(deps: SecretStoreDeps): Promise<DesktopSecretStore> {
  const fs = deps.fs ?? nodeFs;
  const { safeStorage, logger } = deps;
  const now = deps.now ?? Date.now;
  const file = path.join(deps.dir, SECRETS_FILE);
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const protection = describeProtection(
    deps.platform,
    available,
    deps.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  );
  const notices: DesktopNotice[] = [];
  const plain = new Map<KeyedProvider, string>();
  let stored: SecretsFile = { format: 1, keys: {} };

  // Off when the file exists but cannot be read: writing would overwrite keys that may be fine.
  let writable = available;
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      writable = false;
      logger.error({ file, err: String(err) }, 'keys file cannot be read; key changes are kept for this run only');
      notices.push({
        code: 'keys-unreadable',
        message: `Quotedesk cannot read the file holding your API keys (${file}); keys you enter now are kept until you quit.`,
      });
    }
  }
  if (text !== undefined) {
    const parsed = secretsFileSchema.safeParse(safeJson(text));
    if (parsed.success) {
      stored = parsed.data;
    } else {
      const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
      const backup = path.join(deps.dir, `secrets.corrupt-${stamp}.json`);
      try {
        fs.renameSync(file, backup);
        logger.warn({ file, backup }, 'keys file could not be read; kept it aside');
        notices.push({
          code: 'keys-unreadable',
          message: `The file holding your API keys could not be read (kept as ${backup}). Please enter your keys again.`,
        });
      } catch (err) {
        writable = false;
        logger.error({ file, err: String(err) }, 'damaged keys file could not be moved aside');
        notices.push({
          code: 'keys-unreadable',
          message: `The file holding your API keys (${file}) is damaged; keys you enter now are kept until you quit.`,
        });
      }
    }
  }

  let reEncrypt = false;
  const unreadable: KeyedProvider[] = [];
  for (const provider of PROVIDERS) {
    const cipher = stored.keys[provider];
    if (cipher === undefined) continue;
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(cipher, 'base64'));
      plain.set(provider, result);
      reEncrypt ||= shouldReEncrypt;
    } catch (err) {
      // The keyring changed (another machine, a reset keyring): keep the ciphertext, it may come back.
      unreadable.push(provider);
      logger.warn({ provider, err: String(err) }, 'a stored API key could not be decrypted');
    }
  }
  if (unreadable.length > 0) {
    notices.push({
      code: 'keys-unreadable',
      message:
        unreadable.length === 1
          ? `Your ${NAMES[unreadable[0] as KeyedProvider]} key could not be decrypted (did the system keyring change?). Please enter it again.`
          : `Your ${unreadable.map((p) => NAMES[p]).join(' and ')} keys could not be decrypted (did the system keyring change?). Please enter them again.`,
    });
  }
  if (protection.level === 'weak' && plain.size > 0) {
    notices.push({ code: 'keys-weak', message: protection.text });
  }

  const write = (next: SecretsFile) => {
    fs.mkdirSync(deps.dir, { recursive: true });
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  };

  let chain: Promise<void> = Promise.resolve();
  const persist = (provider: KeyedProvider, key: string | undefined) => {
    if (!writable) return;
    chain = chain
      .then(async () => {
        const keys = { ...stored.keys };
        if (key === undefined) delete keys[provider];
        else keys[provider] = (await safeStorage.encryptStringAsync(key)).toString('base64');
        const next: SecretsFile = { format: 1, keys };
        write(next);
        stored = next;
      })
      .catch((err: unknown) => {
        logger.error({ provider, err: String(err) }, 'API key could not be saved; it is kept for this run');
      });
  };

  if (reEncrypt) {
    for (const [provider, key] of plain) persist(provider, key);
  }

  return {
    get: (provider) => plain.get(provider),
    set(provider, key) {
      const trimmed = key.trim();
      if (trimmed === '') throw new Error('an API key cannot be empty');
      plain.set(provider, trimmed);
      persist(provider, trimmed);
    },
    delete(provider) {
      plain.delete(provider);
      persist(provider, undefined);
    },
    protection: () => protection.text,
    keyProtection: () => protection,
    notices,
    flush: () => chain,
  };
}
