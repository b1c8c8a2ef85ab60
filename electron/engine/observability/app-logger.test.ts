import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppLogger, prettyLine } from './app-logger';
import { LOG_FILE } from './log-file';

const FINNHUB_KEY = 'd1fk7s9r01qkv5je0sggd1fk7s9r01qkv5je0sh0';
const ADMIN_TOKEN = 'Zq3xT0kEnAdm1n-Very_Secret-Value-0123456789ab';
const AV_KEY = 'AVKEYAV99XYZ';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function allLogText(dir: string): string {
  return fs
    .readdirSync(dir)
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('');
}

describe('app logger', () => {
  it('never writes a key or token to the file, the stdout or the ring', () => {
    const dir = tempDir();
    const out: string[] = [];
    const app = createAppLogger({ logsDir: dir, stdout: 'pretty', out: { write: (t: string) => out.push(t) } });
    app.redact.setSecrets(() => [FINNHUB_KEY, ADMIN_TOKEN, undefined]);
    const log = app.logger.child({ component: 'providers' });
    log.warn({ key: FINNHUB_KEY }, 'finnhub key field');
    log.warn(
      { provider: 'finnhub', err: `fetch failed for https://finnhub.io/api/v1/quote?symbol=AAPL&token=${FINNHUB_KEY}` },
      'provider call failed',
    );
    log.error({ url: `http://127.0.0.1:7717/api/v1/market/live?token=${ADMIN_TOKEN}&symbols=SPY` }, 'request');
    log.error(`admin token is ${ADMIN_TOKEN} (a message that quotes it)`);
    log.warn({ nested: { deeper: { apikey: AV_KEY } } }, 'deep field');
    log.warn({ err: `https://www.alphavantage.co/query?function=GLOBAL_QUOTE&symbol=IBM&apikey=${AV_KEY}` }, 'av url');
    log.warn({ headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, 'auth header');
    log.warn({ text: `Authorization: Bearer ${ADMIN_TOKEN}; X-Finnhub-Token: ${FINNHUB_KEY}` }, 'raw headers');
    log.warn(
      { text: `We have detected your API key as ${AV_KEY} and our standard API rate limit is 25 requests per day.` },
      'av text',
    );
    log.info({ err: new Error(`boom at https://finnhub.io/api/v1/quote?token=${FINNHUB_KEY}`) }, 'error object');
    app.close();

    const file = allLogText(dir);
    const lines = file.trim().split('\n');
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const everything = [file, out.join(''), JSON.stringify(app.ring.entries())];
    for (const text of everything) {
      expect(text).not.toContain(FINNHUB_KEY);
      expect(text).not.toContain(ADMIN_TOKEN);
      expect(text).not.toContain(AV_KEY);
      expect(text).toContain('[redacted]');
    }
    // What is not a secret survives: the symbol, the host, the message.
    expect(file).toContain('symbol=AAPL');
    expect(file).toContain('provider call failed');
    expect(app.ring.entries()).toHaveLength(9);
    expect(app.ring.entries()[0]).toMatchObject({ level: 'warn', msg: 'av text', component: 'providers' });
  });

  it('rotates while running once the file passes its size, keeping N old files', () => {
    const dir = tempDir();
    const app = createAppLogger({ logsDir: dir, maxBytes: 2_000, keep: 2 });
    for (let i = 0; i < 100; i++) app.logger.info({ i, pad: 'x'.repeat(80) }, 'line');
    app.close();
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['quotedesk.1.log', 'quotedesk.2.log', LOG_FILE]);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2_000);
    expect(app.file?.rotations()).toBeGreaterThan(2);
    // The newest line is in the live file, and no line was split across files.
    const live = fs.readFileSync(path.join(dir, LOG_FILE), 'utf8').trim().split('\n');
    expect((JSON.parse(live.at(-1)!) as { i: number }).i).toBe(99);
    for (const f of files) {
      for (const l of fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n')) {
        expect(() => JSON.parse(l) as unknown).not.toThrow();
      }
    }
  });

  it('rotates an oversized file left by a previous run at start', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOG_FILE), 'x'.repeat(5_000));
    const app = createAppLogger({ logsDir: dir, maxBytes: 2_000, keep: 3 });
    app.logger.info('fresh');
    app.close();
    expect(fs.statSync(path.join(dir, 'quotedesk.1.log')).size).toBe(5_000);
    expect(fs.readFileSync(path.join(dir, LOG_FILE), 'utf8')).toContain('"msg":"fresh"');
  });

  it('keeps only the newest entries in a bounded ring', () => {
    const app = createAppLogger({ ringCapacity: 5 });
    for (let i = 0; i < 12; i++) app.logger.error({ i }, `failure ${i}`);
    app.logger.info('not kept');
    const entries = app.ring.entries();
    expect(entries.map((e) => e.msg)).toEqual(['failure 11', 'failure 10', 'failure 9', 'failure 8', 'failure 7']);
    expect(app.ring.counts()).toEqual({ warn: 0, error: 12 });
    expect(entries[0]!.details).toBe('{"i":11}');
  });

  it('prints a readable line for a person', () => {
    const line = prettyLine(
      JSON.stringify({
        level: 40,
        time: Date.UTC(2026, 0, 5, 14, 3, 7),
        msg: 'provider call failed',
        component: 'providers',
        kind: 'timeout',
        err: 'took 10 s',
      }),
    );
    expect(line).toBe('14:03:07 WARN  [providers] provider call failed kind=timeout err="took 10 s"\n');
  });
});
