import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/engine';
import { LOG_FILE, openRotatingFile } from '../engine/observability/log-file';
import { LOG_REDACT } from '../engine/observability/redact';

/** What each start does to the log: open it (rotating an oversized one) and let it go. */
function prepareLogFile(dir: string, options: { maxBytes: number }): string {
  const log = openRotatingFile(dir, options);
  log.end();
  return log.file;
}

describe('log file', () => {
  it('creates the logs folder and starts a new file once the old one is too big, keeping three', () => {
    const dir = path.join(tempDir(), 'logs');
    const file = prepareLogFile(dir, { maxBytes: 10 });
    expect(file).toBe(path.join(dir, LOG_FILE));
    expect(fs.existsSync(dir)).toBe(true);
    for (let run = 1; run <= 5; run++) {
      fs.writeFileSync(file, `run ${run} `.repeat(5));
      prepareLogFile(dir, { maxBytes: 10 });
    }
    // Three old generations beside the new (empty) current file.
    expect(fs.readdirSync(dir).sort()).toEqual([
      'quotedesk.1.log',
      'quotedesk.2.log',
      'quotedesk.3.log',
      'quotedesk.log',
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    expect(fs.readFileSync(path.join(dir, 'quotedesk.1.log'), 'utf8')).toContain('run 5');
    expect(fs.readFileSync(path.join(dir, 'quotedesk.3.log'), 'utf8')).toContain('run 3');
    fs.writeFileSync(file, 'small');
    prepareLogFile(dir, { maxBytes: 10 });
    expect(fs.readFileSync(file, 'utf8')).toBe('small');
  });

  it('never writes a token or a key', () => {
    const lines: string[] = [];
    const logger = pino({ redact: LOG_REDACT }, { write: (s: string) => void lines.push(s) });
    logger.info(
      { token: 'admin-token-123', provider: { key: 'finnhub-key-456' }, headers: { authorization: 'Bearer x' } },
      'hi',
    );
    const text = lines.join('');
    expect(text).not.toMatch(/admin-token-123|finnhub-key-456|Bearer x/);
    expect(text).toContain('[redacted]');
  });
});
