import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_SIZE } from '../../../test-support/crash-writer';
import { REPO_ROOT, tempDir } from '../../../test-support/engine';
import { openDatabase } from './db';

const KILLS = 200;
/** Databases killed over side by side, each by its own sequence of writers: KILLS in all. */
const LANES = 4;
const SOURCE = path.join(REPO_ROOT, 'test-support', 'crash-writer.ts');
// Inside the repo, so the bundle finds better-sqlite3 (left out of it: a native module) in node_modules.
const DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'quotedesk-crash-writer');
const WRITER = path.join(DIR, 'crash-writer.mjs');

// A writer process warmed up ahead: Node booted and better-sqlite3 loaded, waiting for the database
// file on stdin before it runs the writer (which opens the file at once). Each lane boots the next
// writer while the current one writes and the file is checked, so the starts overlap the work.
const WARM = path.join(DIR, 'warm-writer.mjs');
const WARM_SOURCE = `import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
const Database = createRequire(import.meta.url)('better-sqlite3');
new Database(':memory:').close();
const lines = createInterface({ input: process.stdin });
lines.once('line', (file) => {
  lines.close();
  process.argv[2] = file;
  void import('./crash-writer.mjs');
});
`;

// The writer compiled once: a plain Node start is several times faster than going through tsx on
// every one of the 200 starts, and it runs the same store code.
beforeAll(async () => {
  fs.mkdirSync(DIR, { recursive: true });
  await build({
    entryPoints: [SOURCE],
    outfile: WRITER,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
  fs.writeFileSync(WARM, WARM_SOURCE);
});

type Writer = ReturnType<typeof startWriter>;

/** A warm writer process, idle until `run` hands it the file. */
function startWriter() {
  const child = spawn(process.execPath, [WARM], { stdio: ['pipe', 'pipe', 'pipe'], cwd: REPO_ROOT });
  let out = '';
  let err = '';
  let onOutput = () => {};
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    onOutput();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
  return {
    /** Lets it commit for `delayMs` once it has opened the file, then SIGKILLs it mid-whatever. */
    async run(file: string, delayMs: number): Promise<{ lastCommitted: number }> {
      let killTimer: NodeJS.Timeout | undefined;
      onOutput = () => {
        if (!killTimer && out.includes('ready\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      };
      child.stdin.end(`${file}\n`);
      const signal = await exited;
      if (signal !== 'SIGKILL') throw new Error(`writer ended without being killed: ${err}`);
      const committed = [...out.matchAll(/committed (\d+)\n/g)].map((m) => Number(m[1]));
      return { lastCommitted: committed.at(-1) ?? 0 };
    },
    async discard(): Promise<void> {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** One database through `kills` writers, one after another, each killed and the file checked after. */
async function killRepeatedly(kills: number): Promise<{ killsWhileWriting: number }> {
  const file = path.join(tempDir('quotedesk-crash-'), 'crash.sqlite');
  let everCommitted = 0;
  let killsWhileWriting = 0;
  let next: Writer = startWriter();
  for (let i = 0; i < kills; i++) {
    const writer = next;
    next = startWriter();
    // Spread the kills over the writer's life: during start-up, early batches and later ones.
    const { lastCommitted } = await writer.run(file, Math.floor(Math.random() * 60));
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
  await next.discard();
  return { killsWhileWriting };
}

describe('crash safety', () => {
  it(`keeps the database whole and every committed batch whole across ${KILLS} SIGKILLs mid-write`, async () => {
    const lanes = await Promise.all(Array.from({ length: LANES }, () => killRepeatedly(KILLS / LANES)));
    // Most kills must land while batches are streaming, not only during start-up.
    const killsWhileWriting = lanes.reduce((sum, l) => sum + l.killsWhileWriting, 0);
    expect(killsWhileWriting).toBeGreaterThanOrEqual(KILLS / 2);
  }, 300_000);
});
