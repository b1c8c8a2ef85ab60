// A child process for engine-memory.bench.ts: opens an engine on a data dir, starts it, reads every
// symbol's intraday history once through the API handler (charts being looked at), then reports its
// memory after a full GC. Run with --expose-gc; prints one JSON line.
import { createEngine } from '../electron/engine/index';
import { createMemorySettingsStore } from '../electron/engine/settings-store';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [dataDir, ...universeFiles] = process.argv.slice(2);
if (!dataDir || universeFiles.length === 0) throw new Error('usage: engine-memory-probe.ts DATA_DIR UNIVERSE_FILE...');

const engine = createEngine({
  dataDir,
  universeFiles,
  settings: createMemorySettingsStore(),
  env: { QUOTEDESK_API_TOKEN: 'bench-token-0123456789abcdef' },
});
await engine.start();
const symbols = engine.snapshot(undefined).map((q) => q.symbol);
let points = 0;
const to = new Date(Date.parse('2026-11-23T21:00:00Z')).toISOString();
const from = new Date(Date.parse('2026-11-23T14:00:00Z')).toISOString();
for (const symbol of symbols) points += (await engine.api.getPrices({ symbol, from, to })).points.length;
// The simulated feed keeps running meanwhile, as it does in the app.
await new Promise((r) => setTimeout(r, 2000));
gc();
const m = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ symbols: symbols.length, points, rss: m.rss, heapUsed: m.heapUsed })}\n`);
await engine.stop();
process.exit(0);
