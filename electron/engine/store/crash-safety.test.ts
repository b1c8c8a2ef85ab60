import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE } from '../../../test-support/crash-writer';
import { REPO_ROOT, tempDir } from '../../../test-support/engine';
import { openDatabase } from './db';

const KILLS = 200;
const WRITER = path.join(REPO_ROOT, 'test-support', 'crash-writer.ts');

/** Starts the writer, lets it commit for a random moment, then SIGKILLs it mid-whatever. */
function writeAndKill(file: string, delayMs: number): Promise<{ lastCommitted: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: REPO_ROOT,
    });
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!killTimer && out.includes('ready\n')) {
        killTimer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer ended without being killed: ${err}`));
        return;
      }
      const committed = [...out.matchAll(/committed (\d+)\n/g)].map((m) => Number(m[1]));
      resolve({ lastCommitted: committed.at(-1) ?? 0 });
    });
  });
}

describe('crash safety', () => {
  it(`keeps the database whole and every committed batch whole across ${KILLS} SIGKILLs mid-write`, async () => {
    const file = path.join(tempDir('quotedesk-crash-'), 'crash.sqlite');
    let everCommitted = 0;
    let killsWhileWriting = 0;
    for (let i = 0; i < KILLS; i++) {
      // Spread the kills over the writer's life: during start-up, early batches and later ones.
      const { lastCommitted } = await writeAndKill(file, Math.floor(Math.random() * 60));
      if (lastCommitted > everCommitted) killsWhileWriting++;
      everCommitted = Math.max(everCommitted, lastCommitted);
      const db = openDatabase(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const sizes = db.prepare('SELECT ts, COUNT(*) AS n FROM quote_history GROUP BY ts').all() as {
          ts: number;
          n: number;
        }[];
        // Every batch present is whole: all of its rows, or none.
        for (const s of sizes) expect(s.n, `batch ${s.ts}`).toBe(BATCH_SIZE);
        const newest = Math.max(0, ...sizes.map((s) => s.ts));
        // Nothing announced as committed is lost.
        expect(newest).toBeGreaterThanOrEqual(everCommitted);
        // The latest quotes all come from one batch: never half of one and half of another.
        const latest = db.prepare('SELECT DISTINCT fetched_at FROM quotes').all() as { fetched_at: number }[];
        if (newest > 0) expect(latest).toEqual([{ fetched_at: newest }]);
      } finally {
        db.close();
      }
    }
    // Most kills must land while batches are streaming, not only during start-up.
    expect(killsWhileWriting).toBeGreaterThanOrEqual(KILLS / 2);
  }, 300_000);
});
