import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/engine';
import { createRecordingLogger } from '../engine/logger';
import { confStore } from './conf-test-store';
import { describeProtection, openSecretStore, SECRETS_FILE, type SafeStorageLike } from './secrets';
import { openShellSettings } from './settings';

/** A stand-in OS keyring: real AES-256-GCM under a key that lives as long as the "keyring". */
function fakeKeyring(options: { available?: boolean; backend?: string; rotated?: boolean } = {}) {
  const key = randomBytes(32);
  const calls = { encrypt: 0, decrypt: 0 };
  const storage: SafeStorageLike = {
    isAsyncEncryptionAvailable: () => Promise.resolve(options.available ?? true),
    encryptStringAsync: (text) => {
      calls.encrypt++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]));
    },
    decryptStringAsync: (data) => {
      calls.decrypt++;
      const iv = data.subarray(3, 15);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(data.subarray(15, 31));
      try {
        const result = Buffer.concat([decipher.update(data.subarray(31)), decipher.final()]).toString('utf8');
        return Promise.resolve({ result, shouldReEncrypt: options.rotated ?? false });
      } catch {
        return Promise.reject(
          new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'),
        );
      }
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
  return { storage, calls };
}

const FINNHUB_KEY = 'd0fake1finnhub2key3abcdef';
const ALPHA_KEY = 'ALPHAFAKEKEY1234';

function open(dir: string, storage: SafeStorageLike, platform: NodeJS.Platform = 'linux') {
  const logger = createRecordingLogger();
  return openSecretStore({ safeStorage: storage, dir, platform, logger, now: () => 0 }).then((store) => ({
    store,
    logger,
  }));
}

describe('API keys under safeStorage', () => {
  it('keeps keys encrypted on disk, readable only with the same keyring, never in logs', async () => {
    const dir = tempDir();
    const keyring = fakeKeyring();
    const { store, logger } = await open(dir, keyring.storage);
    expect(store.get('finnhub')).toBeUndefined();
    store.set('finnhub', `  ${FINNHUB_KEY}\n`);
    store.set('alphavantage', ALPHA_KEY);
    expect(store.get('finnhub')).toBe(FINNHUB_KEY);
    await store.flush();

    const file = path.join(dir, SECRETS_FILE);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(FINNHUB_KEY);
    expect(text).not.toContain(ALPHA_KEY);
    expect(Object.keys((JSON.parse(text) as { keys: object }).keys).sort()).toEqual(['alphavantage', 'finnhub']);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([SECRETS_FILE]);

    const again = await open(dir, keyring.storage);
    expect(again.store.get('finnhub')).toBe(FINNHUB_KEY);
    expect(again.store.get('alphavantage')).toBe(ALPHA_KEY);
    again.store.delete('alphavantage');
    await again.store.flush();
    expect((await open(dir, keyring.storage)).store.get('alphavantage')).toBeUndefined();

    const logged = JSON.stringify([...logger.records, ...again.logger.records]);
    expect(logged).not.toContain(FINNHUB_KEY);
    expect(logged).not.toContain(ALPHA_KEY);
  });

  it('refuses an empty key', async () => {
    const { store } = await open(tempDir(), fakeKeyring().storage);
    expect(() => store.set('finnhub', '   ')).toThrow(/empty/);
  });

  it('loses no key when the settings file is damaged', async () => {
    const dir = tempDir();
    const keyring = fakeKeyring();
    const first = await open(dir, keyring.storage);
    first.store.set('finnhub', FINNHUB_KEY);
    await first.store.flush();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"engine": nonsense');

    const settings = openShellSettings({
      createStore: confStore,
      dir,
      logger: createRecordingLogger(),
    });
    expect(settings.notices.map((n) => n.code)).toEqual(['settings-reset']);
    expect((await open(dir, keyring.storage)).store.get('finnhub')).toBe(FINNHUB_KEY);
  });

  it('says so when a key cannot be decrypted any more, and keeps its ciphertext', async () => {
    const dir = tempDir();
    const before = await open(dir, fakeKeyring().storage);
    before.store.set('finnhub', FINNHUB_KEY);
    before.store.set('alphavantage', ALPHA_KEY);
    await before.store.flush();
    const stored = fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8');

    const { store } = await open(dir, fakeKeyring().storage);
    expect(store.get('finnhub')).toBeUndefined();
    expect(store.notices).toEqual([
      {
        code: 'keys-unreadable',
        message:
          'Your Finnhub and Alpha Vantage keys could not be decrypted (did the system keyring change?). Please enter them again.',
      },
    ]);
    expect(fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).toBe(stored);
  });

  it('keeps a damaged keys file aside and starts with no keys', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, SECRETS_FILE), '{"format": 1, "keys": {"finnhub": 42}}');
    const { store } = await open(dir, fakeKeyring().storage);
    expect(store.get('finnhub')).toBeUndefined();
    expect(store.notices.map((n) => n.code)).toEqual(['keys-unreadable']);
    expect(fs.readdirSync(dir)).toEqual(['secrets.corrupt-1970-01-01T00-00-00-000Z.json']);
  });

  it('re-encrypts keys the keyring asks to re-encrypt', async () => {
    const dir = tempDir();
    const keyring = fakeKeyring({ rotated: true });
    const first = await open(dir, keyring.storage);
    first.store.set('finnhub', FINNHUB_KEY);
    await first.store.flush();
    const before = fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8');
    const second = await open(dir, keyring.storage);
    await second.store.flush();
    expect(fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).not.toBe(before);
    expect(second.store.get('finnhub')).toBe(FINNHUB_KEY);
  });

  it('warns when Linux has only the basic_text backend', async () => {
    const dir = tempDir();
    const keyring = fakeKeyring({ backend: 'basic_text' });
    const first = await open(dir, keyring.storage);
    expect(first.store.keyProtection().level).toBe('weak');
    expect(first.store.protection()).toMatch(/basic_text/);
    expect(first.store.notices).toEqual([]);
    first.store.set('finnhub', FINNHUB_KEY);
    await first.store.flush();
    const second = await open(dir, keyring.storage);
    expect(second.store.notices.map((n) => n.code)).toEqual(['keys-weak']);
  });

  it('keeps keys in memory only when nothing can encrypt them', async () => {
    const dir = tempDir();
    const keyring = fakeKeyring({ available: false });
    const { store } = await open(dir, keyring.storage);
    store.set('finnhub', FINNHUB_KEY);
    await store.flush();
    expect(store.get('finnhub')).toBe(FINNHUB_KEY);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(keyring.calls.encrypt).toBe(0);
    expect(store.keyProtection()).toMatchObject({ level: 'none', backend: 'unavailable' });
  });
});

describe('describeProtection', () => {
  it('names the keyring of each OS', () => {
    expect(describeProtection('darwin', true, undefined)).toMatchObject({ level: 'os', backend: 'keychain' });
    expect(describeProtection('win32', true, undefined)).toMatchObject({ level: 'os', backend: 'dpapi' });
    expect(describeProtection('linux', true, 'gnome_libsecret').text).toMatch(/libsecret/);
    expect(describeProtection('linux', true, 'kwallet6')).toMatchObject({ level: 'os', backend: 'kwallet6' });
    expect(describeProtection('linux', true, 'basic_text').level).toBe('weak');
    expect(describeProtection('darwin', false, undefined).level).toBe('none');
  });
});
