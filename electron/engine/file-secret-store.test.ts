import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/engine';
import { createFileSecretStore } from './file-secret-store';
import { createRecordingLogger } from './logger';

describe('file secret store', () => {
  it('keeps keys across instances in a 0600 file, atomically replaced', () => {
    const file = path.join(tempDir(), 'nested', 'secrets.json');
    const store = createFileSecretStore(file, createRecordingLogger());
    expect(store.get('finnhub')).toBeUndefined();
    store.set('finnhub', 'fh-123');
    store.set('alphavantage', 'av-456');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const again = createFileSecretStore(file, createRecordingLogger());
    expect([again.get('finnhub'), again.get('alphavantage')]).toEqual(['fh-123', 'av-456']);
    again.delete('finnhub');
    expect(createFileSecretStore(file, createRecordingLogger()).get('finnhub')).toBeUndefined();
    expect(fs.readdirSync(path.dirname(file))).toEqual(['secrets.json']);
    expect(again.protection()).toContain('0600');
  });

  it('tightens a file others can read, and keeps an unreadable one aside without logging it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'secrets.json');
    fs.writeFileSync(file, '{"finnhub":"loose"}', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const logger = createRecordingLogger();
    expect(createFileSecretStore(file, logger).get('finnhub')).toBe('loose');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, '{"finnhub": "half', { mode: 0o600 });
    const store = createFileSecretStore(file, logger, () => 42);
    expect(store.get('finnhub')).toBeUndefined();
    expect(fs.existsSync(`${file}.corrupt-42`)).toBe(true);
    expect(JSON.stringify(logger.records)).not.toContain('half');
  });
});
