// `npm run bench`: runs every bench/*.bench.ts in turn and prints each result next to its baseline.
// `npm run bench -- api` runs only the files whose name contains "api"; `--json` prints JSON too.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatResults, ratio, type BenchModule, type BenchResult } from './harness';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  process.stderr.write(`no benchmark matches ${filters.join(', ')}\n`);
  process.exit(1);
}

const all: Record<string, BenchResult[]> = {};
for (const file of files) {
  const started = Date.now();
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as BenchModule;
  const results = await mod.bench();
  all[file] = results;
  process.stdout.write(`${formatResults(file, results)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`);
}
if (json) {
  const out = Object.fromEntries(Object.entries(all).map(([f, rs]) => [f, rs.map((r) => ({ ...r, ratio: ratio(r) }))]));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
// Benchmarks leave servers and timers behind on purpose-free exit paths; end the process here.
process.exit(0);
