// The Scheduler: runs callbacks at wall-clock instants on the injected Clock, robust to sleep.
//
// Why not node-schedule: it arms one long setTimeout per job. Node timers run on a monotonic
// clock that stops while the machine sleeps, so a job due during a sleep fires late by the whole
// sleep, and its recurrence rules fire a burst of missed runs after a wake (node-schedule #632,
// #431). Here every wait is capped (`maxSleepMs`), each wake-up compares the wall clock, and
// each task is one-shot: the owner decides the next instant (and how to catch up) itself.
import type { Clock, TimerHandle } from '../clock';

export type ScheduledTask = { readonly id: number };

export type Scheduler = {
  now(): number;
  /** Runs `fn` once, at wall time `at` or as soon after it as the process runs again. */
  at(at: number, fn: () => void): ScheduledTask;
  cancel(task: ScheduledTask | undefined): void;
  /** Called with the length of a sleep when the wall clock jumped past the expected wake-up. */
  onWake(listener: (sleptMs: number) => void): () => void;
  /** Re-checks due tasks now (after a system resume event, for instance). */
  poke(): void;
  stop(): void;
};

export type ClockSchedulerOptions = {
  /** Longest single wait: how late a task can fire after a wake-up. */
  maxSleepMs?: number;
  /** A wake-up this much later than planned counts as a sleep. */
  sleepThresholdMs?: number;
};

export function createClockScheduler(clock: Clock, options: ClockSchedulerOptions = {}): Scheduler {
  const maxSleepMs = options.maxSleepMs ?? 15_000;
  const threshold = options.sleepThresholdMs ?? 60_000;
  const tasks = new Map<number, { at: number; fn: () => void }>();
  const wakeListeners = new Set<(sleptMs: number) => void>();
  let seq = 1;
  let timer: TimerHandle | undefined;
  let expectedAt = 0;
  let stopped = false;
  let running = false;

  const arm = () => {
    clock.clearTimeout(timer);
    timer = undefined;
    if (stopped || tasks.size === 0) return;
    const now = clock.now();
    let next = Infinity;
    for (const t of tasks.values()) next = Math.min(next, t.at);
    const delay = Math.max(0, Math.min(next - now, maxSleepMs));
    expectedAt = now + delay;
    timer = clock.setTimeout(fire, delay);
  };

  const fire = () => {
    timer = undefined;
    if (stopped || running) return;
    running = true;
    try {
      const now = clock.now();
      const late = now - expectedAt;
      if (expectedAt > 0 && late > threshold) for (const l of wakeListeners) l(late);
      // Due tasks in time order; each runs once, whatever it missed.
      const due = [...tasks.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
      for (const [id, t] of due) {
        if (!tasks.delete(id)) continue;
        t.fn();
      }
    } finally {
      running = false;
      arm();
    }
  };

  return {
    now: () => clock.now(),
    at(at, fn) {
      const id = seq++;
      tasks.set(id, { at, fn });
      if (!running) arm();
      return { id };
    },
    cancel(task) {
      if (!task) return;
      tasks.delete(task.id);
    },
    onWake(listener) {
      wakeListeners.add(listener);
      return () => wakeListeners.delete(listener);
    },
    poke() {
      if (stopped || running) return;
      clock.clearTimeout(timer);
      timer = clock.setTimeout(fire, 0);
    },
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
      timer = undefined;
      tasks.clear();
      wakeListeners.clear();
    },
  };
}
