// The manager's calls leave nothing behind: found by the soak, where a day of calls grew the heap.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../test-support/engine';

const run = promisify(execFile);
const PROBE = path.join(REPO_ROOT, 'test-support', 'manager-heap-probe.ts');

describe('provider manager memory', () => {
  it('a call with its own AbortSignal leaves (almost) nothing on the heap once it is over', async () => {
    // A child with --expose-gc: the heap is measured after a full collection, not guessed.
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE, '20000'], {
      cwd: REPO_ROOT,
    });
    const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { calls: number; bytesPerCall: number };
    process.stdout.write(`[measure] manager heap per call ${JSON.stringify(r)}\n`);
    expect(r.calls).toBe(20_000);
    // The window log keeps each call's time (8 bytes) for two days by design; AbortSignal.any([caller,
    // stop]) kept ~500 bytes a call registered on the manager's stop signal (Node 22.23).
    expect(r.bytesPerCall).toBeLessThan(100);
  }, 60_000);
});
