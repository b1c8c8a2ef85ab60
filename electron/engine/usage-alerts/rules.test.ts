import { describe, expect, it } from 'vitest';
import { createMarketClock } from '../../../shared/market';
import { createSessionTime } from './index';
import {
  downCandidate,
  predictionCandidates,
  staleCandidate,
  staleThreshold,
  windowCandidates,
  type ProviderView,
} from './rules';

const ny = (iso: string) => Date.parse(iso);
const market = createMarketClock();
const session = createSessionTime(
  market,
  () => false,
  () => false,
);

function view(over: Partial<ProviderView> = {}): ProviderView {
  return {
    id: 'alphavantage',
    state: 'ok',
    breaker: 'closed',
    pauseKind: null,
    pausedUntil: null,
    reason: null,
    windows: [],
    ...over,
  };
}

const day = (used: number, limit = 25, resetsAt: number | null = null) => ({
  window: { limit, windowMs: 86_400_000, unit: 'day' as const },
  used,
  resetsAt,
});
const minute = (used: number, limit = 60) => ({
  window: { limit, windowMs: 60_000, unit: 'min' as const },
  used,
  resetsAt: null,
});

describe('80% of a window', () => {
  it('fires at 80%, holds between 70% and 80%, and is gone under 70%', () => {
    const at = (used: number) => windowCandidates(view({ windows: [day(used)] }));
    expect(at(20)[0]).toMatchObject({ key: 'window:alphavantage:day:86400000', fire: true, severity: 'warning' });
    expect(at(20)[0]?.message).toBe('Alpha Vantage: 80% of the daily limit used (20 of 25)');
    expect(at(19)[0]?.fire).toBe(false);
    expect(at(18)[0]?.fire).toBe(false);
    expect(at(17)).toEqual([]);
  });

  it('says when a daily window resets, in New York time', () => {
    const reset = ny('2026-11-24T05:01:00Z');
    const [c] = windowCandidates(view({ windows: [day(25, 25, reset)] }));
    expect(c?.message).toBe('Alpha Vantage: 100% of the daily limit used (25 of 25); it resets at 00:01 New York time');
  });

  it('lists minute windows as info, skips second windows and the simulated feed', () => {
    const sec = { window: { limit: 30, windowMs: 1000, unit: 's' as const }, used: 30, resetsAt: null };
    const cs = windowCandidates(view({ id: 'finnhub', windows: [sec, minute(57)] }));
    expect(cs.map((c) => [c.key, c.severity, c.fire])).toEqual([['window:finnhub:min:60000', 'info', true]]);
    expect(windowCandidates(view({ id: 'simulated', windows: [minute(60)] }))).toEqual([]);
  });
});

describe('predicted breach', () => {
  // Monday 2026-11-23, 10:00 New York (15:00 UTC): the regular session is on.
  const now = ny('2026-11-23T15:00:00Z');
  const reset = ny('2026-11-24T05:01:00Z');

  it('extrapolates the last 30 minutes over polled time: 15 calls left at 8 per 30 min run out at 10:56', () => {
    const [c] = predictionCandidates(
      view({ windows: [day(10, 25, reset)] }),
      { calls: 8, spanMs: 30 * 60_000 },
      now,
      true,
      session.activeTime,
    );
    expect(c).toMatchObject({ key: 'predict:alphavantage:day:86400000', kind: 'predicted-breach', fire: true });
    // 15 / (8 / 30 min) = 56.25 min after 10:00.
    expect(c?.message).toContain('at this pace the daily limit (25) runs out at 10:56 New York time');
    expect(c?.title).toBe('Alpha Vantage: daily limit runs out at 10:56');
  });

  it('counts only polled time: a pace that lasts past the close does not run out today', () => {
    // 15:30: 15 calls left at 8 per 30 min need 56 min of session, but only 30 remain before 16:00.
    const late = ny('2026-11-23T20:30:00Z');
    expect(
      predictionCandidates(
        view({ windows: [day(10, 25, reset)] }),
        { calls: 8, spanMs: 30 * 60_000 },
        late,
        true,
        session.activeTime,
      ),
    ).toEqual([]);
    // A wall-clock extrapolation would have said 16:26: well before midnight.
    expect(session.activeTime(late, 56.25 * 60_000)).toBeGreaterThan(ny('2026-11-24T14:30:00Z'));
  });

  it('needs at least 4 calls of pace, and clears when the pace drops', () => {
    const args = [view({ windows: [day(10, 25, reset)] })] as const;
    expect(predictionCandidates(...args, { calls: 3, spanMs: 30 * 60_000 }, now, true, session.activeTime)).toEqual([]);
    // 4 calls in 30 min: 15 left last 112 min of session, 11:52 — still before the reset.
    const slow = predictionCandidates(...args, { calls: 4, spanMs: 30 * 60_000 }, now, true, session.activeTime);
    expect(slow[0]?.message).toContain('runs out at 11:52');
  });

  it('outside polled hours predicts only what runs out within the hour', () => {
    const evening = ny('2026-11-23T23:00:00Z'); // 18:00 New York, post-market, not polled
    const p = view({ windows: [day(20, 25, reset)] });
    const burst = predictionCandidates(p, { calls: 10, spanMs: 30 * 60_000 }, evening, false, session.activeTime);
    expect(burst[0]?.message).toContain('runs out at 18:15');
    // 10 left at 4 per 30 min: 75 min away, past the hour looked at outside the session.
    const calm = view({ windows: [day(15, 25, reset)] });
    expect(predictionCandidates(calm, { calls: 4, spanMs: 30 * 60_000 }, evening, false, session.activeTime)).toEqual(
      [],
    );
  });

  it('predicts an hourly window from its pace and holds only near the limit', () => {
    const hour = { window: { limit: 100, windowMs: 3_600_000, unit: 'hour' as const }, used: 40, resetsAt: null };
    const p = view({ id: 'finnhub', windows: [hour] });
    const fast = predictionCandidates(p, { calls: 60, spanMs: 30 * 60_000 }, now, true, session.activeTime);
    expect(fast[0]).toMatchObject({ fire: true });
    expect(fast[0]?.message).toBe(
      'Finnhub: at this pace (120 calls an hour) the hourly limit (100) runs out at 10:30 New York time; calls then wait for room',
    );
    const edge = predictionCandidates(p, { calls: 52, spanMs: 30 * 60_000 }, now, true, session.activeTime);
    expect(edge[0]?.fire).toBe(false);
    expect(predictionCandidates(p, { calls: 45, spanMs: 30 * 60_000 }, now, true, session.activeTime)).toEqual([]);
  });

  it('does not start a prediction for a window already spent, but keeps one until the reset', () => {
    const spent = predictionCandidates(
      view({ windows: [day(25, 25, reset)] }),
      { calls: 20, spanMs: 30 * 60_000 },
      now,
      true,
      session.activeTime,
    );
    expect(spent).toMatchObject([{ fire: false, resolvedMessage: 'Alpha Vantage: the daily window reset' }]);
  });
});

describe('session time', () => {
  it('is DST-safe: an hour of session before the spring change ends at the same wall time after it', () => {
    // Friday 2026-03-06 15:30 EST; the clocks go forward on Sunday the 8th.
    const fri = ny('2026-03-06T20:30:00Z');
    // 30 min Friday + 60 min Monday: Monday 10:30 EDT = 14:30 UTC.
    expect(session.activeTime(fri, 90 * 60_000)).toBe(ny('2026-03-09T14:30:00Z'));
    expect(session.polling(fri)).toBe(true);
    expect(session.polling(ny('2026-03-07T16:00:00Z'))).toBe(false);
  });
});

describe('provider down', () => {
  it('names an open breaker, a refused key, a 429 pause; nothing for a spent day', () => {
    expect(downCandidate(view({ breaker: 'open', state: 'down' }))).toMatchObject({
      key: 'down:alphavantage',
      severity: 'critical',
      title: 'Alpha Vantage is down',
    });
    expect(downCandidate(view({ breaker: 'half-open' }))?.severity).toBe('critical');
    expect(downCandidate(view({ pauseKind: 'auth', state: 'down', reason: 'invalid key' }))?.title).toBe(
      'Alpha Vantage: key refused',
    );
    const paused = downCandidate(
      view({ id: 'finnhub', state: 'paused', pauseKind: 'rate_limited', pausedUntil: ny('2026-11-23T15:01:00Z') }),
    );
    expect(paused?.message).toBe(
      'Finnhub answered that its rate limit is reached (429): paused until 10:01 New York time',
    );
    expect(paused?.severity).toBe('warning');
    expect(downCandidate(view({ state: 'paused', pauseKind: 'daily_limit' }))).toBeNull();
    expect(downCandidate(view())).toBeNull();
  });
});

describe('stale tier 1', () => {
  it('aggregates into one alert once 5% of tier 1 (1 to 5 symbols) is stale', () => {
    expect(staleThreshold(150)).toBe(5);
    expect(staleThreshold(9)).toBe(1);
    const s = { stale: 12, total: 150, boundMs: 11 * 60_000, oldestAgeMs: 25 * 60_000 };
    expect(staleCandidate(s, true)?.message).toBe('12 tier-1 symbols stale for > 11 min (of 150; the oldest 25 min)');
    expect(staleCandidate({ ...s, stale: 4 }, true)).toBeNull();
  });
});
