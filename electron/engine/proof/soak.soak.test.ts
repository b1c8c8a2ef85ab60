// The soak in CI: the whole universe on Finnhub free + Alpha Vantage free through the real engine on a
// simulated clock, with API reads all along. CI replays 15:00-18:00 New York (the session's last hour
// with a 10-minute Finnhub outage, the close and the after-close snapshot that reaches every symbol):
// the full 24 hours costs ~140 s of CPU, more than a CI test may take; `npm run soak` runs them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test-support/engine';
import type { SoakResult } from '../../../test-support/soak';

const run = promisify(execFile);

describe('soak on a simulated clock', () => {
  it('whole universe, Finnhub free + Alpha Vantage free: no violation, every symbol refreshed, reads from the cache, heap and WAL bounded', async () => {
    // A child process with --expose-gc: the heap is measured after full collections, apart from vitest's.
    const { stdout } = await run(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        path.join(REPO_ROOT, 'scripts', 'soak.ts'),
        '--json',
        '--start',
        '15:00',
        '--hours',
        '3',
      ],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as SoakResult;
    process.stdout.write(`[measure] soak ${JSON.stringify(r)}\n`);
    expect(r.symbols).toBeGreaterThan(5500);
    // Counted by the fake servers, not by the engine.
    expect(r.finnhub.violations).toBe(0);
    expect(r.alphavantage.violations).toBe(0);
    // The outage sent calls to Alpha Vantage, which stayed within its 25 a day.
    expect(r.alphavantage.calls).toBeGreaterThan(0);
    expect(r.alphavantage.calls).toBeLessThanOrEqual(25);
    expect(r.refreshedAtLeastOnce).toBe(r.symbols);
    expect(r.reads.handler + r.reads.rest).toBeGreaterThan(3000);
    expect(r.reads.hitRatio).toBeGreaterThan(0.9);
    expect(r.heapMb.growth).toBeLessThan(0.1);
    // wal_autocheckpoint is 1000 pages (4 KB each): the file is reused, never grows with the day.
    expect(r.wal.autocheckpointPages).toBe(1000);
    expect(r.wal.maxMb).toBeLessThan(8);
  }, 300_000);
});
