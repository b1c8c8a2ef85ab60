// Engine memory with the whole universe quoted and one trading day of intraday history (one point per
// symbol per minute, 09:30-16:00) against an engine with an empty universe, each in its own process.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../electron/engine/store/db';
import { migrate } from '../electron/engine/store/migrate';
import { migrations } from '../electron/engine/store/migrations/index';
import { createSymbolsRepo } from '../electron/engine/store/symbols-repo';
import { loadUniverse } from '../electron/engine/universe';
import { REPO_ROOT, tempDir, UNIVERSE_FILES } from '../test-support/engine';
import type { BenchResult } from './harness';

const run = promisify(execFile);
const PROBE = path.join(REPO_ROOT, 'bench', 'engine-memory-probe.ts');
const OPEN = Date.parse('2026-11-23T14:30:00Z');
const MB = 1024 * 1024;

type Probe = { symbols: number; points: number; rss: number; heapUsed: number };

async function probe(dataDir: string, files: string[]): Promise<Probe> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE, dataDir, ...files], {
    cwd: REPO_ROOT,
    maxBuffer: 8 * MB,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Probe;
}

/** The whole universe quoted at the close, with 390 one-minute history points each. */
function seedFullDay(dataDir: string): number {
  const db = openDatabase(path.join(dataDir, 'quotedesk.sqlite'));
  migrate(db, migrations);
  const repo = createSymbolsRepo(db);
  loadUniverse(db, repo, UNIVERSE_FILES, OPEN);
  const rows = repo.all();
  const quote = db.prepare(
    `INSERT INTO quotes (symbol, price, change, change_percent, open, high, low, previous_close, volume, source, as_of, fetched_at)
     VALUES (?, ?, 0, 0, ?, ?, ?, ?, ?, 'simulated', ?, ?)`,
  );
  const point = db.prepare('INSERT INTO quote_history (symbol, ts, price, volume) VALUES (?, ?, ?, ?)');
  let points = 0;
  db.transaction(() => {
    const close = OPEN + 390 * 60_000;
    for (const s of rows) {
      const p = s.refPrice ?? 10;
      quote.run(s.symbol, p, p, p * 1.01, p * 0.99, p, s.avgVolume, close, close);
      for (let m = 0; m < 390; m++) {
        point.run(
          s.symbol,
          OPEN + m * 60_000,
          p * (1 + 0.001 * Math.sin(m / 10)),
          Math.round(((s.avgVolume ?? 0) * m) / 390),
        );
        points++;
      }
    }
  })();
  db.close();
  return points;
}

export async function bench(): Promise<BenchResult[]> {
  const fullDir = tempDir('quotedesk-bench-mem-full-');
  const emptyDir = tempDir('quotedesk-bench-mem-empty-');
  const emptyUniverse = path.join(emptyDir, 'empty.csv');
  fs.writeFileSync(emptyUniverse, fs.readFileSync(UNIVERSE_FILES[0]!, 'utf8').split(/\r?\n/)[0] + '\n');
  try {
    const seeded = seedFullDay(fullDir);
    const full = await probe(fullDir, UNIVERSE_FILES);
    const empty = await probe(emptyDir, [emptyUniverse]);
    if (full.points < seeded / 2) throw new Error(`only ${full.points} of ${seeded} history points were read`);
    const name = `engine, ${full.symbols.toLocaleString('en-US')} symbols quoted + ${seeded.toLocaleString('en-US')} history points (one day), every chart read once`;
    const base = `engine with an empty universe (${empty.symbols} symbols)`;
    return [
      {
        name,
        metric: 'RSS after GC',
        unit: 'MB',
        value: full.rss / MB,
        baseline: { name: base, value: empty.rss / MB },
        higherIsBetter: false,
      },
      {
        name,
        metric: 'JS heap after GC',
        unit: 'MB',
        value: full.heapUsed / MB,
        baseline: { name: base, value: empty.heapUsed / MB },
        higherIsBetter: false,
      },
    ];
  } finally {
    fs.rmSync(fullDir, { recursive: true, force: true });
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }
}
