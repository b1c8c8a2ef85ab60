import { describe, expect, it } from 'vitest';
import type { UsageCall, WindowUsage } from '../../../shared/contract';
import { bucketCalls, pacePerMinute, projectWindow, windowLabel } from './usage';

const NOW = Date.parse('2026-03-10T15:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const call = (agoMs: number, over: Partial<UsageCall> = {}): UsageCall => ({
  id: 1,
  provider: 'finnhub',
  endpoint: 'quote',
  symbols: 'AAPL',
  symbolCount: 1,
  priority: 'tier1',
  status: 'ok',
  httpStatus: 200,
  errorKind: null,
  latencyMs: 80,
  cost: 1,
  startedAt: iso(NOW - agoMs),
  finishedAt: iso(NOW - agoMs + 80),
  ...over,
});
const win = (over: Partial<WindowUsage>): WindowUsage => ({
  limit: 60,
  windowMs: 60_000,
  unit: 'min',
  used: 0,
  resetsAt: null,
  ...over,
});

describe('usage projections', () => {
  it('names windows the way people say them', () => {
    expect(windowLabel({ unit: 'min', windowMs: 60_000 })).toBe('per minute');
    expect(windowLabel({ unit: 'day', windowMs: 86_400_000 })).toBe('per day');
    expect(windowLabel({ unit: 's', windowMs: 10_000 })).toBe('per 10 s');
  });

  it('measures the pace from the last five minutes of calls, else from the windows', () => {
    const calls = Array.from({ length: 100 }, (_, i) => call(i * 3000)); // one every 3 s for 5 min
    expect(pacePerMinute('finnhub', calls, [], NOW)).toBeCloseTo(20, 0);
    expect(pacePerMinute('alphavantage', calls, [], NOW)).toBe(0);
    // A provider that started 30 s ago: the pace is over one minute, not five.
    expect(pacePerMinute('finnhub', [call(10_000), call(20_000)], [], NOW)).toBe(2);
    // No recorded calls (the simulated feed): the minute window says it.
    expect(pacePerMinute('simulated', [], [win({ used: 42 })], NOW)).toBe(42);
    expect(pacePerMinute('simulated', [], [win({ unit: 's', windowMs: 1000, used: 1, limit: 10 })], NOW)).toBe(60);
  });

  it('says a short window never runs out when the pace fits, and warns at 80%', () => {
    const fits = projectWindow(win({ used: 30 }), 30, NOW);
    expect(fits).toMatchObject({ level: 'ok', share: 0.5 });
    expect(fits.text).toMatch(/about 30 of 60 per minute: it does not run out/);
    expect(projectWindow(win({ used: 50 }), 50, NOW).level).toBe('warn');
    const full = projectWindow(win({ used: 60, resetsAt: iso(NOW + 12_000) }), 60, NOW);
    expect(full).toMatchObject({ level: 'full', share: 1 });
    expect(full.text).toMatch(/Spent right now: the next call waits, in 12 s/);
  });

  it('projects when a daily budget runs out at the current pace, or that it lasts to the reset', () => {
    const day = (used: number) =>
      win({ limit: 25, windowMs: 86_400_000, unit: 'day', used, resetsAt: iso(NOW + 5 * 3_600_000) });
    const lasts = projectWindow(day(5), 1 / 60, NOW); // one call an hour
    expect(lasts.level).toBe('ok');
    expect(lasts.text).toMatch(/Lasts until the reset in 5 h at this pace \(about 10 of 25 used by then\)/);
    const runsOut = projectWindow(day(15), 0.1, NOW); // one call every 10 min
    expect(runsOut.level).toBe('warn');
    expect(runsOut.text).toMatch(/runs out in 1 h 40 min .*before the reset in 5 h/);
    expect(projectWindow(day(25), 0.1, NOW).text).toMatch(/Spent for today: calls wait until the reset in 5 h/);
    expect(projectWindow(day(3), 0, NOW).text).toMatch(/No calls at the moment/);
  });

  it('buckets calls per minute for the history chart, errors apart', () => {
    const calls = [
      call(5_000),
      call(10_000, { status: 'error' }),
      call(70_000, { cost: 3 }),
      call(70_000, { provider: 'alphavantage' }),
    ];
    const b = bucketCalls(calls, 'finnhub', NOW, 3);
    expect(b).toHaveLength(3);
    // 14:58, 14:59 and the minute now (15:00), oldest first.
    expect(b.map((x) => [x.label, x.ok, x.errors])).toEqual([
      [b[0]?.label, 3, 0],
      [b[1]?.label, 1, 1],
      [b[2]?.label, 0, 0],
    ]);
    expect(b[2]?.t).toBe(NOW);
    expect(bucketCalls(calls, 'all', NOW, 3)[0]?.ok).toBe(4);
  });
});
