// Real-time waiting for tests that mix a simulated clock with real sockets.

/** Resolves once `cond()` holds, polling on real time; rejects after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Lets pending socket I/O run (a few real event-loop turns). */
export async function ioTurns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Drives a manual clock to `until` in steps, letting real socket I/O finish between steps, so a
 * simulated hour against a local fake server takes seconds and no request is cut short by a jump.
 */
export async function runClock(
  clock: { now(): number; advance(ms: number): Promise<void> },
  until: number,
  busy: () => boolean,
  stepMs = 100,
): Promise<void> {
  while (clock.now() < until) {
    // A hanging request stays busy for ever: give real I/O a bounded number of turns.
    for (let spins = 0; busy() && spins < 5000; spins++) await new Promise((r) => setImmediate(r));
    await clock.advance(Math.min(stepMs, until - clock.now()));
  }
  for (let spins = 0; busy() && spins < 5000; spins++) await new Promise((r) => setImmediate(r));
}

/** Drives the clock (as runClock does) until `promise` settles, at most `maxMs` of simulated time. */
export async function runUntilSettled<T>(
  clock: { now(): number; advance(ms: number): Promise<void> },
  promise: Promise<T>,
  busy: () => boolean,
  stepMs = 100,
  maxMs = 3_600_000,
): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  const until = clock.now() + maxMs;
  while (!settled && clock.now() < until) {
    for (let spins = 0; busy() && !settled && spins < 5000; spins++) await new Promise((r) => setImmediate(r));
    if (!settled) await clock.advance(stepMs);
  }
  return tracked;
}
