// A child process for provider-manager.heap.test.ts: many calls through the provider manager, each
// with its caller's own AbortSignal (as the scheduler makes them), and the heap they leave behind.
// Run with --expose-gc; prints one JSON line.
import { createManualClock } from '../electron/engine/clock';
import { createSilentLogger } from '../electron/engine/logger';
import { createProviderManager } from '../electron/engine/providers/manager/provider-manager';
import { createSimulatedProvider } from '../electron/engine/providers/simulated/simulated-provider';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const calls = Number(process.argv[2] ?? 20_000);
const clock = createManualClock(Date.parse('2026-11-23T15:00:00Z'));
const universe = new Map([
  [
    'AAPL',
    { symbol: 'AAPL', name: 'Apple', exchange: 'NASDAQ', refPrice: 200, avgVolume: 1e7, sharesOutstanding: 1.5e10 },
  ],
]);
const provider = createSimulatedProvider({ seed: 1, clock, limits: [], universe: () => universe });
const manager = createProviderManager({ clock, logger: createSilentLogger(), usage: null });
manager.setProviders([{ provider, keyId: '', persist: false }]);

async function run(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await manager.fetchQuotes(['AAPL'], 'tier1', new AbortController().signal);
    if (r.quotes.length !== 1) throw new Error(`call ${i}: no quote`);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
await run(2_000);
await settle();
gc();
const before = process.memoryUsage().heapUsed;
const started = performance.now();
await run(calls);
const ms = performance.now() - started;
await settle();
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(
  `${JSON.stringify({ calls, bytesPerCall: (after - before) / calls, msPerCall: ms / calls, heapBefore: before, heapAfter: after })}\n`,
);
manager.close();
