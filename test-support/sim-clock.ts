// A simulated clock for day replays: virtual time that waits for work in flight, and machine sleep.
import type { Clock } from '../electron/engine/clock';

export type SimulationClock = Clock & {
  /** Fires due timers in time order up to `until` (wall time), letting work settle between them. */
  runUntil(until: number): Promise<void>;
  /**
   * The machine sleeps for `ms`: wall time jumps, and no timer fires meanwhile. Timers run on
   * monotonic time like Node's, so after the jump they fire as late as a real wake-up makes them.
   */
  suspend(ms: number): void;
  pending(): number;
  /**
   * A clock for one process on this time: the same now, its own timers. `kill()` drops every timer
   * it set and ignores new ones, as a process that died mid-work would.
   */
  process(): Clock & { kill(): void };
};

/** Lets promise chains started by a timer run before the next timer fires. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

export function createSimulationClock(start: number, options: { quiet?: () => Promise<void> } = {}): SimulationClock {
  // Monotonic time drives timers; wall time is monotonic time plus the time spent asleep.
  let mono = start;
  let asleep = 0;
  let seq = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const quiet = options.quiet ?? settle;

  const nextDue = (untilMono: number) => {
    let best: { id: number; at: number } | undefined;
    for (const [id, t] of timers) {
      if (t.at > untilMono) continue;
      if (!best || t.at < best.at || (t.at === best.at && id < best.id)) best = { id, at: t.at };
    }
    return best;
  };

  const clock: SimulationClock = {
    now: () => mono + asleep,
    setTimeout(fn, ms) {
      const id = seq++;
      timers.set(id, { at: mono + Math.max(0, ms), fn });
      return { id };
    },
    clearTimeout(handle) {
      if (handle) timers.delete(handle.id);
    },
    async runUntil(until) {
      const untilMono = until - asleep;
      await quiet();
      for (;;) {
        const due = nextDue(untilMono);
        if (!due) break;
        const t = timers.get(due.id);
        timers.delete(due.id);
        mono = Math.max(mono, due.at);
        t?.fn();
        await quiet();
      }
      mono = Math.max(mono, untilMono);
    },
    suspend(ms) {
      asleep += ms;
    },
    pending: () => timers.size,
    process() {
      const own = new Set<number>();
      let dead = false;
      const self = clock;
      return {
        now: () => self.now(),
        setTimeout(fn, ms) {
          if (dead) return { id: -1 };
          const handle = self.setTimeout(() => {
            own.delete(handle.id);
            fn();
          }, ms);
          own.add(handle.id);
          return handle;
        },
        clearTimeout(handle) {
          if (!handle) return;
          own.delete(handle.id);
          self.clearTimeout(handle);
        },
        kill() {
          dead = true;
          for (const id of own) timers.delete(id);
          own.clear();
        },
      };
    },
  };
  return clock;
}
