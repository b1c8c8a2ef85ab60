// Pure rules of the usage alerts: when a window, a pace, a provider or tier 1 makes an alert, and what it says.
import type { RateWindow, UsageAlertKind, UsageAlertSeverity } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import { TZDate } from '@date-fns/tz';
import { NEW_YORK, nextDayStartIn } from '../providers/zoned-time';

/** A window fires at 80% of its limit and re-arms once it is back under 70% (a reset does that). */
export const WINDOW_FIRE_AT = 0.8;
export const WINDOW_REARM_BELOW = 0.7;

/** The pace is the calls of the last 30 minutes; fewer than 4 calls say nothing about a pace. */
export const PACE_SPAN_MS = 30 * 60_000;
export const MIN_PACE_CALLS = 4;
/** A prediction fires when the window runs out at least this long before it resets; it clears once it does not run out at all. */
export const PREDICT_MARGIN_MS = 15 * 60_000;
/** Outside polled hours the scheduler is quiet: a burst then only predicts what happens within the hour. */
export const OFF_SESSION_HORIZON_MS = 3_600_000;

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  finnhub: 'Finnhub',
  alphavantage: 'Alpha Vantage',
  simulated: 'Simulated feed',
};

export type WindowState = { window: RateWindow; used: number; resetsAt: number | null };

/** What the monitor sees of one provider (the manager's state, with the pause's kind). */
export type ProviderView = {
  id: ProviderId;
  state: 'ok' | 'paused' | 'down';
  breaker: 'closed' | 'open' | 'half-open';
  pauseKind: string | null;
  pausedUntil: number | null;
  reason: string | null;
  windows: WindowState[];
};

/**
 * A condition found by one evaluation. `fire`: strong enough to raise the alert; false: only
 * strong enough to keep an active one (hysteresis). Absent from an evaluation: it is resolved.
 */
export type Candidate = {
  key: string;
  kind: UsageAlertKind;
  severity: UsageAlertSeverity;
  provider: ProviderId | null;
  title: string;
  message: string;
  fire: boolean;
  /** What the list (and, for outages, a notification) says once it no longer holds. */
  resolvedMessage: string;
};

const UNIT_MS = { s: 1000, min: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const UNIT_WORDS = { s: 'per-second', min: 'per-minute', hour: 'hourly', day: 'daily' } as const;

export function windowWords(w: Pick<RateWindow, 'unit' | 'windowMs'>): string {
  const n = Math.round(w.windowMs / UNIT_MS[w.unit]);
  return n === 1 ? UNIT_WORDS[w.unit] : `${n}-${w.unit}`;
}

export function windowKey(w: Pick<RateWindow, 'unit' | 'windowMs'>): string {
  return `${w.unit}:${w.windowMs}`;
}

/** `14:10` in New York (the market's clock, whatever the machine's zone). */
export function nyClock(t: number): string {
  const d = new TZDate(t, NEW_YORK);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/**
 * 80% of a window. Only windows of a minute or longer of real providers: a second is shorter than
 * an evaluation (a sample says nothing) and the simulated feed costs nothing. Minute windows are
 * `info` (the planner spends them near their limit by design); hourly and daily ones are warnings.
 */
export function windowCandidates(p: ProviderView): Candidate[] {
  if (p.id === 'simulated') return [];
  const name = PROVIDER_NAMES[p.id];
  const out: Candidate[] = [];
  for (const { window: w, used, resetsAt } of p.windows) {
    if (w.unit === 's') continue;
    const share = used / w.limit;
    if (share < WINDOW_REARM_BELOW) continue;
    const words = windowWords(w);
    const reset = w.unit === 'day' && resetsAt !== null ? `; it resets at ${nyClock(resetsAt)} New York time` : '';
    out.push({
      key: `window:${p.id}:${windowKey(w)}`,
      kind: 'window',
      severity: w.unit === 'min' ? 'info' : 'warning',
      provider: p.id,
      title: `${name}: ${pct(Math.min(share, 1))} of the ${words} limit`,
      message: `${name}: ${pct(share)} of the ${words} limit used (${used} of ${w.limit})${reset}`,
      fire: share >= WINDOW_FIRE_AT,
      resolvedMessage: `${name}: the ${words} window is back under ${pct(WINDOW_REARM_BELOW)}`,
    });
  }
  return out;
}

/**
 * When `needMs` of active time has passed after `now`: polled session time when the market is
 * polled (the scheduler spends its calls then), wall time otherwise. Infinity when never.
 */
export type ActiveTime = (now: number, needMs: number) => number;

export type Pace = { calls: number; spanMs: number };

/**
 * Predicted breach of a daily or hourly window at the current pace. A minute window is shorter
 * than the pace sample and the gate never lets a pace exceed it: it only fills, which the 80%
 * alert says. `polling`: the market is polled now.
 */
export function predictionCandidates(
  p: ProviderView,
  pace: Pace,
  now: number,
  polling: boolean,
  activeTime: ActiveTime,
): Candidate[] {
  if (p.id === 'simulated') return [];
  const name = PROVIDER_NAMES[p.id];
  const out: Candidate[] = [];
  const paced = pace.calls >= MIN_PACE_CALLS && pace.spanMs > 0;
  const perMs = paced ? pace.calls / pace.spanMs : 0;
  const perHour = Math.round(perMs * 3_600_000);
  for (const { window: w, used, resetsAt: windowReset } of p.windows) {
    if (w.unit !== 'day' && w.unit !== 'hour') continue;
    const remaining = w.limit - used;
    const key = `predict:${p.id}:${windowKey(w)}`;
    const words = windowWords(w);
    const resolvedMessage = `${name}: the pace dropped; the ${words} limit (${w.limit}) lasts`;
    if (remaining <= 0) {
      // It came true: an active prediction stays until the window resets; none starts now.
      out.push({
        key,
        kind: 'predicted-breach',
        severity: 'warning',
        provider: p.id,
        title: `${name}: ${words} limit spent`,
        message: `${name}: the ${words} limit (${w.limit}) is spent`,
        fire: false,
        resolvedMessage: `${name}: the ${words} window reset`,
      });
      continue;
    }
    if (!paced) continue;
    if (w.unit === 'day') {
      const resetsAt = windowReset ?? nextDayStartIn(now, NEW_YORK);
      const needMs = remaining / perMs;
      const runsOut = polling ? activeTime(now, needMs) : now + needMs;
      if (!(runsOut < resetsAt)) continue;
      if (!polling && runsOut - now > OFF_SESSION_HORIZON_MS) continue;
      out.push({
        key,
        kind: 'predicted-breach',
        severity: 'warning',
        provider: p.id,
        title: `${name}: daily limit runs out at ${nyClock(runsOut)}`,
        message: `${name}: at this pace the daily limit (${w.limit}) runs out at ${nyClock(runsOut)} New York time (${used} used, ${pace.calls} calls in the last ${Math.round(pace.spanMs / 60_000)} min; it resets at ${nyClock(resetsAt)})`,
        fire: runsOut <= resetsAt - PREDICT_MARGIN_MS,
        resolvedMessage,
      });
    } else {
      // A sliding hour: the pace runs it out when an hour of it holds more than the limit.
      const perWindow = perMs * w.windowMs;
      if (perWindow < w.limit) continue;
      const runsOut = now + remaining / perMs;
      out.push({
        key,
        kind: 'predicted-breach',
        severity: 'warning',
        provider: p.id,
        title: `${name}: ${words} limit runs out at ${nyClock(runsOut)}`,
        message: `${name}: at this pace (${perHour} calls an hour) the ${words} limit (${w.limit}) runs out at ${nyClock(runsOut)} New York time; calls then wait for room`,
        fire: perWindow >= w.limit * 1.1,
        resolvedMessage,
      });
    }
  }
  return out;
}

/** A provider down: breaker open (or probing), key refused, or a 429 that paused it. */
export function downCandidate(p: ProviderView): Candidate | null {
  const name = PROVIDER_NAMES[p.id];
  const base = { key: `down:${p.id}`, kind: 'provider-down' as const, provider: p.id, fire: true };
  const resolvedMessage = `${name} is answering again`;
  const until = p.pausedUntil !== null ? ` until ${nyClock(p.pausedUntil)} New York time` : '';
  if (p.pauseKind === 'auth') {
    return {
      ...base,
      severity: 'critical',
      title: `${name}: key refused`,
      message: `${name} refused the API key${p.reason ? ` (${p.reason})` : ''}: no calls go to it until the key is replaced`,
      resolvedMessage: `${name}: the key works again`,
    };
  }
  if (p.breaker !== 'closed') {
    return {
      ...base,
      severity: 'critical',
      title: `${name} is down`,
      message: `${name} is down: too many failed calls in a row (timeouts, server or network errors); the circuit breaker is ${p.breaker} and Quotedesk probes it again on its own`,
      resolvedMessage: `${name} is answering again: the circuit breaker closed`,
    };
  }
  if (p.state === 'paused' && p.pauseKind === 'rate_limited') {
    return {
      ...base,
      severity: 'warning',
      title: `${name}: rate limit answer (429)`,
      message: `${name} answered that its rate limit is reached (429): paused${until}`,
      resolvedMessage,
    };
  }
  return null;
}

export type StaleTier1 = {
  /** Tier-1 symbols with a quote older than their staleness bound. */
  stale: number;
  /** Tier-1 symbols with a quote. */
  total: number;
  /** The staleness bound now (twice the tier-1 interval of polled time, plus grace). */
  boundMs: number;
  /** Age of the oldest stale quote. */
  oldestAgeMs: number;
};

/** How many stale tier-1 symbols make an alert: 5% of tier 1, at least 1, at most 5. */
export function staleThreshold(total: number): number {
  return Math.max(1, Math.min(5, Math.ceil(total * 0.05)));
}

export function staleCandidate(s: StaleTier1, fire: boolean): Candidate | null {
  if (s.stale < staleThreshold(s.total)) return null;
  const minutes = Math.max(1, Math.round(s.boundMs / 60_000));
  const oldest = Math.round(s.oldestAgeMs / 60_000);
  return {
    key: 'stale-tier1',
    kind: 'stale-tier1',
    severity: 'warning',
    provider: null,
    title: `${s.stale} tier-1 symbols stale`,
    message: `${s.stale} tier-1 symbol${s.stale === 1 ? '' : 's'} stale for > ${minutes} min (of ${s.total}; the oldest ${oldest} min)`,
    fire,
    resolvedMessage: 'Tier-1 quotes are fresh again',
  };
}
