// Admission for one provider key: a log of calls checked against every window of the plan at once.
import type { RateWindow } from '../../../../shared/contract';
import { dayStartIn, nextDayStartIn } from '../zoned-time';

/**
 * How the provider counts its day. Alpha Vantage does not document when its day turns; counting
 * both the New York and the UTC calendar day keeps either answer from being broken.
 */
export type DayRule = { zones: string[]; marginMs: number };

export const DEFAULT_DAY_RULE: DayRule = { zones: ['America/New_York', 'UTC'], marginMs: 60_000 };

export type GateCheck = {
  /** No window holds a call back: it may leave now. */
  canStart: boolean;
  /** When held back by finished calls: ms until enough of them leave their window (0 otherwise). */
  waitMs: number;
  /** Held back by calls still in flight: check again when one finishes. */
  waitingOnInFlight: boolean;
  /** The window that holds the call back longest, or null. */
  blockedBy: RateWindow | null;
};

export type WindowUse = { window: RateWindow; used: number; resetsAt: number | null };

export type WindowGate = {
  setLimits(limits: RateWindow[]): void;
  limits(): RateWindow[];
  check(now: number): GateCheck;
  /** Records a call leaving now; returns its ticket. */
  start(now: number): number;
  /** Records that the call's answer came back (or failed) now. */
  finish(ticket: number, now: number): void;
  /** Calls counted in each window right now, and when the oldest of them stops counting. */
  use(now: number): WindowUse[];
  /** When a call could start behind `ahead` others, if every call took no time (for "retry after"). */
  timeForCalls(now: number, ahead: number): number;
  inFlight(): number;
};

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is strictly greater than x. */
function upperBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The log keeps, for every call, the time its answer came back. A call may have reached the
 * provider at any moment between leaving and its answer, so a window is counted as the provider
 * would count it at worst: sliding windows (`s`, `min`, `hour`) hold every call whose answer came
 * back less than one window ago, plus every call still in flight; a day holds every call whose
 * answer came back since the provider's midnight, plus those in flight. No window can then be
 * broken, whatever the network delay.
 */
export function createWindowGate(
  initial: RateWindow[],
  /** `history`: when earlier calls (this key, this provider) were answered, from the usage table. */
  options: { dayRule?: DayRule; history?: number[] } = {},
): WindowGate {
  const dayRule = options.dayRule ?? DEFAULT_DAY_RULE;
  let limits = [...initial];
  const open = new Map<number, number>();
  let nextTicket = 1;
  const done: number[] = [...(options.history ?? [])].sort((a, b) => a - b);

  const longestSliding = () => Math.max(0, ...limits.filter((w) => w.unit !== 'day').map((w) => w.windowMs));
  const keepMs = () => Math.max(longestSliding(), 2 * 86_400_000 + dayRule.marginMs);

  const prune = (now: number) => {
    const cut = lowerBound(done, now - keepMs());
    if (cut > 1024) done.splice(0, cut);
  };

  /** Where the calls counted in `w` at `now` start in `log`, and when the k-th of them leaves `w`. */
  const starts = (w: RateWindow, now: number, log: number[]): { from: number; resets: (k: number) => number }[] => {
    if (w.unit !== 'day') {
      const from = upperBound(log, now - w.windowMs);
      return [{ from, resets: (k) => log[from + k - 1]! + w.windowMs }];
    }
    // The provider's midnight moved later by the margin: a clock a little off never starts a day early.
    const m = dayRule.marginMs;
    return dayRule.zones.map((zone) => {
      const next = nextDayStartIn(now - m, zone) + m;
      return { from: lowerBound(log, dayStartIn(now - m, zone) + m), resets: () => next };
    });
  };

  const checkAt = (now: number, log: number[], inFlight: number): GateCheck => {
    let waitMs = 0;
    let waitingOnInFlight = false;
    let blockedBy: RateWindow | null = null;
    for (const w of limits) {
      for (const { from, resets } of starts(w, now, log)) {
        const finished = log.length - from;
        const count = finished + inFlight;
        if (count < w.limit) continue;
        // k finished calls must leave the window before one more fits.
        const k = count - w.limit + 1;
        if (k > finished) {
          waitingOnInFlight = true;
          blockedBy ??= w;
          continue;
        }
        const wait = Math.max(1, resets(k) - now);
        if (wait > waitMs) {
          waitMs = wait;
          blockedBy = w;
        }
      }
    }
    return { canStart: waitMs === 0 && !waitingOnInFlight, waitMs, waitingOnInFlight, blockedBy };
  };

  return {
    setLimits(next) {
      limits = [...next];
    },
    limits: () => limits,
    check: (now) => checkAt(now, done, open.size),
    start(now) {
      prune(now);
      const t = nextTicket++;
      open.set(t, now);
      return t;
    },
    finish(ticket, now) {
      if (!open.delete(ticket)) return;
      const i = upperBound(done, now);
      done.splice(i, 0, now);
    },
    use(now) {
      return limits.map((w) => {
        let used = 0;
        let resetsAt: number | null = null;
        for (const { from, resets } of starts(w, now, done)) {
          const finished = done.length - from;
          if (finished + open.size >= used) {
            used = finished + open.size;
            resetsAt = finished > 0 ? resets(1) : null;
          }
        }
        return { window: w, used, resetsAt };
      });
    },
    timeForCalls(now, ahead) {
      // Calls in flight are taken as answered now; the result is an estimate for "retry after".
      const log = [...done];
      for (let i = 0; i < open.size; i++) log.splice(upperBound(log, now), 0, now);
      let t = now;
      const n = Math.min(ahead, 5000);
      for (let i = 0; i <= n; i++) {
        t += checkAt(t, log, 0).waitMs;
        if (i < n) log.splice(upperBound(log, t), 0, t);
      }
      return t;
    },
    inFlight: () => open.size,
  };
}
