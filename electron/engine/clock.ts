// Time as a parameter: the system clock in the app, a manual clock that tests advance at will.

export type TimerHandle = { readonly id: number };

export type Clock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
};

export function createSystemClock(): Clock {
  const live = new Map<number, NodeJS.Timeout>();
  let next = 1;
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = next++;
      const t = setTimeout(
        () => {
          live.delete(id);
          fn();
        },
        Math.max(0, ms),
      );
      // Engine timers must never keep a finished process alive.
      t.unref();
      live.set(id, t);
      return { id };
    },
    clearTimeout(handle) {
      if (!handle) return;
      const t = live.get(handle.id);
      if (t) clearTimeout(t);
      live.delete(handle.id);
    },
  };
}

export type ManualClock = Clock & {
  /** Moves time forward, firing due timers in time order and letting their promises settle. */
  advance(ms: number): Promise<void>;
  /** Runs until no timer is due before `until` (absolute ms). */
  runUntil(until: number): Promise<void>;
  pending(): number;
};

/** Lets promise chains started by a timer run before the next timer fires. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

export function createManualClock(start: number | Date): ManualClock {
  let now = typeof start === 'number' ? start : start.getTime();
  let seq = 1;
  const timers = new Map<number, { at: number; fn: () => void; seq: number }>();

  const nextDue = (until: number) => {
    let best: { id: number; at: number; seq: number } | undefined;
    for (const [id, t] of timers) {
      if (t.at > until) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = { id, at: t.at, seq: t.seq };
    }
    return best;
  };

  const clock: ManualClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = seq++;
      timers.set(id, { at: now + Math.max(0, ms), fn, seq: id });
      return { id };
    },
    clearTimeout(handle) {
      if (handle) timers.delete(handle.id);
    },
    async runUntil(until) {
      await settle();
      for (;;) {
        const due = nextDue(until);
        if (!due) break;
        const t = timers.get(due.id);
        timers.delete(due.id);
        now = Math.max(now, due.at);
        t?.fn();
        await settle();
      }
      now = Math.max(now, until);
    },
    advance(ms) {
      return clock.runUntil(now + ms);
    },
    pending: () => timers.size,
  };
  return clock;
}

/** Resolves after `ms` on the given clock. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
