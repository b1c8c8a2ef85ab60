// Paces the scheduler's calls: sliding windows with the safety margin, even spacing for scheduled work.
import type { RateWindow } from '../../../shared/contract';

export type PacerConfig = {
  limits: RateWindow[];
  safetyMargin: number;
  /** Steady scheduled calls per minute (the plan's pace); on-demand calls are not spaced. */
  pacePerMinute: number;
};

export type Pacer = {
  configure(config: PacerConfig): void;
  /** Milliseconds until a call may leave (0 = now). */
  waitFor(onDemand: boolean, now: number): number;
  record(ts: number, onDemand: boolean): void;
  /** When the k-th on-demand call from now could leave, if nothing else were sent. */
  estimate(k: number, now: number): number;
  /** Calls in each window ending now. */
  used(now: number): number[];
  longestWindowMs(): number;
};

/** Calls a window may carry after the margin: whole calls, at least one. */
export function allowedIn(w: RateWindow, margin: number): number {
  return Math.max(1, Math.floor(w.limit * (1 - margin) + 1e-9));
}

export function createPacer(config: PacerConfig): Pacer {
  let windows: { ms: number; allowed: number; limit: number }[] = [];
  let spacing = Infinity;
  let longest = 0;
  // Dispatch times, ascending; kept for the longest window.
  let log: number[] = [];
  let lastScheduled = -Infinity;

  const configure = (c: PacerConfig) => {
    windows = c.limits.map((w) => ({ ms: w.windowMs, allowed: allowedIn(w, c.safetyMargin), limit: w.limit }));
    // A window whose margin leaves less than one whole call (1/s) is paced by its rate instead.
    let pace = c.pacePerMinute;
    for (const w of c.limits) {
      if (Math.floor(w.limit * (1 - c.safetyMargin) + 1e-9) < 1) {
        pace = Math.min(pace, (w.limit * (1 - c.safetyMargin) * 60_000) / w.windowMs);
      }
    }
    spacing = pace > 0 ? 60_000 / pace : Infinity;
    longest = Math.max(0, ...windows.map((w) => w.ms));
  };
  configure(config);

  const prune = (now: number) => {
    const from = now - longest;
    let i = 0;
    while (i < log.length && (log[i] ?? 0) <= from) i++;
    if (i > 0) log = log.slice(i);
  };

  /** Count of entries in (now - ms, now], by binary search on the ascending log. */
  const countSince = (entries: number[], after: number) => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((entries[mid] ?? 0) <= after) lo = mid + 1;
      else hi = mid;
    }
    return entries.length - lo;
  };

  /**
   * Wait until one more call fits every window. The margin is headroom the plan keeps for what a
   * user asks: scheduled calls stay inside it, on-demand calls may use the whole limit (the
   * gateway enforces the exact limits behind this anyway).
   */
  const windowWait = (entries: number[], now: number, full = false) => {
    let wait = 0;
    for (const w of windows) {
      const allowed = full ? w.limit : w.allowed;
      const n = countSince(entries, now - w.ms);
      if (n >= allowed) {
        // The oldest call that must leave the window before one more fits.
        const oldest = entries[entries.length - allowed] ?? now;
        wait = Math.max(wait, oldest + w.ms - now + 1);
      }
    }
    return wait;
  };

  return {
    configure,
    waitFor(onDemand, now) {
      prune(now);
      const w = windowWait(log, now, onDemand);
      if (onDemand) return w;
      if (spacing === Infinity) return Infinity;
      return Math.max(w, Math.ceil(lastScheduled + spacing - now));
    },
    record(ts, onDemand) {
      log.push(ts);
      if (log.length > 1 && (log[log.length - 2] ?? 0) > ts) log.sort((a, b) => a - b);
      if (!onDemand) lastScheduled = Math.max(lastScheduled, ts);
    },
    estimate(k, now) {
      prune(now);
      const sim = [...log];
      let t = now;
      for (let i = 0; i < k; i++) {
        t += windowWait(sim, t, true);
        sim.push(t);
      }
      return t;
    },
    used(now) {
      prune(now);
      return windows.map((w) => countSince(log, now - w.ms));
    },
    longestWindowMs: () => longest,
  };
}
