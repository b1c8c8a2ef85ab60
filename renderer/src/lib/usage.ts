// Usage arithmetic for the usage screen: pace, how long each window lasts at that pace, history buckets.
import type { ProviderId } from '../../../shared/quote';
import type { UsageCall, WindowUsage } from '../../../shared/contract';
import { formatClock, formatIn } from './format';

/** At or above this share of a window, the meter turns amber and says so. */
export const WARN_AT = 0.8;

/** How far back the pace is measured. */
export const PACE_SPAN_MS = 5 * 60_000;

const WINDOW_WORDS: Record<WindowUsage['unit'], string> = {
  s: 'per second',
  min: 'per minute',
  hour: 'per hour',
  day: 'per day',
};

export function windowLabel(w: Pick<WindowUsage, 'unit' | 'windowMs'>): string {
  const base = WINDOW_WORDS[w.unit];
  const unitMs = { s: 1000, min: 60_000, hour: 3_600_000, day: 86_400_000 }[w.unit];
  const n = Math.round(w.windowMs / unitMs);
  return n === 1 ? base : `per ${n} ${w.unit === 's' ? 's' : w.unit === 'min' ? 'min' : `${w.unit}s`}`;
}

/**
 * Calls per minute now: from the provider's recorded calls of the last five minutes when there are
 * any (cost counts: a bulk call may cost more than one), else from what its shortest minute-or-longer
 * window holds (the simulated feed records no calls).
 */
export function pacePerMinute(
  provider: ProviderId,
  calls: readonly Pick<UsageCall, 'provider' | 'startedAt' | 'cost'>[],
  windows: readonly WindowUsage[],
  now: number,
): number {
  const since = now - PACE_SPAN_MS;
  let cost = 0;
  let oldest = now;
  let seen = false;
  for (const c of calls) {
    if (c.provider !== provider) continue;
    const t = Date.parse(c.startedAt);
    if (!Number.isFinite(t) || t < since || t > now) continue;
    cost += c.cost;
    oldest = Math.min(oldest, t);
    seen = true;
  }
  if (seen) {
    // A provider that started a minute ago has a minute of pace, not five.
    const span = Math.max(60_000, now - oldest);
    return (cost / span) * 60_000;
  }
  const sorted = [...windows].sort((a, b) => a.windowMs - b.windowMs);
  const w = sorted.find((x) => x.windowMs >= 60_000 && x.windowMs <= 3_600_000) ?? sorted[0];
  if (!w || w.used === 0) return 0;
  return (w.used / w.windowMs) * 60_000;
}

export type Projection = {
  /** 0..1 of the limit used now. */
  share: number;
  level: 'ok' | 'warn' | 'full';
  /** One sentence: how the window fares at the current pace. */
  text: string;
};

/** How a window fares at `pace` calls per minute: never runs out, lasts to the reset, or runs out when. */
export function projectWindow(w: WindowUsage, pace: number, now: number): Projection {
  const share = w.limit > 0 ? Math.min(1, w.used / w.limit) : 0;
  const level = w.used >= w.limit ? 'full' : share >= WARN_AT ? 'warn' : 'ok';
  const resetsAt = w.resetsAt ? Date.parse(w.resetsAt) : null;
  const resetIn = resetsAt !== null && Number.isFinite(resetsAt) ? Math.max(0, resetsAt - now) : null;
  const daily = w.unit === 'day';

  if (w.used >= w.limit) {
    const when = resetIn !== null ? formatIn(resetIn) : 'as calls age out';
    return {
      share,
      level,
      text: daily
        ? `Spent for today: calls wait until the reset ${when}.`
        : `Spent right now: the next call waits, ${when}.`,
    };
  }
  if (pace <= 0) {
    return {
      share,
      level,
      text: daily ? 'No calls at the moment: the day’s budget is not being spent.' : 'Idle right now.',
    };
  }
  const left = w.limit - w.used;
  if (!daily) {
    const steady = (pace * w.windowMs) / 60_000;
    if (steady <= w.limit) {
      return {
        share,
        level,
        text: `At this pace about ${formatCount(steady)} of ${w.limit} ${windowLabel(w)}: it does not run out.`,
      };
    }
    const msLeft = (left / pace) * 60_000;
    return {
      share,
      level: level === 'ok' ? 'warn' : level,
      text: `At this pace it runs out ${formatIn(msLeft)}; the scheduler then holds calls back, never over the limit.`,
    };
  }
  const msLeft = (left / pace) * 60_000;
  if (resetIn !== null && msLeft >= resetIn) {
    const byReset = Math.min(w.limit, w.used + (pace * resetIn) / 60_000);
    return {
      share,
      level,
      text: `Lasts until the reset ${formatIn(resetIn)} at this pace (about ${formatCount(byReset)} of ${w.limit} used by then).`,
    };
  }
  return {
    share,
    level: level === 'ok' ? 'warn' : level,
    text: `At this pace it runs out ${formatIn(msLeft)} (about ${formatClock(new Date(now + msLeft).toISOString())})${
      resetIn !== null ? `, before the reset ${formatIn(resetIn)}` : ''
    }.`,
  };
}

function formatCount(n: number): string {
  return n < 10 ? String(Math.round(n * 10) / 10) : String(Math.round(n));
}

export type UsageBucket = { t: number; label: string; ok: number; errors: number };

/** Calls per minute (cost counted) for the chart, oldest first, empty minutes included. */
export function bucketCalls(
  calls: readonly Pick<UsageCall, 'provider' | 'startedAt' | 'cost' | 'status'>[],
  provider: ProviderId | 'all',
  now: number,
  minutes: number,
): UsageBucket[] {
  const end = Math.floor(now / 60_000) * 60_000;
  const start = end - (minutes - 1) * 60_000;
  const buckets: UsageBucket[] = [];
  for (let t = start; t <= end; t += 60_000) {
    buckets.push({ t, label: formatClock(new Date(t).toISOString()).slice(0, 5), ok: 0, errors: 0 });
  }
  for (const c of calls) {
    if (provider !== 'all' && c.provider !== provider) continue;
    const t = Date.parse(c.startedAt);
    if (!Number.isFinite(t) || t < start || t >= end + 60_000) continue;
    const b = buckets[Math.floor((t - start) / 60_000)];
    if (!b) continue;
    if (c.status === 'error' || c.status === 'abandoned') b.errors += Math.max(1, c.cost);
    else b.ok += Math.max(1, c.cost);
  }
  return buckets;
}
