// The engine on a (fake) Alpha Vantage free key, on the simulated clock: 80% of the day, the
// predicted breach, the webhook-free notifications, the reset at midnight and the stored report.
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../../shared/contract';
import { createTestEngine } from '../../../test-support/engine';
import { startFakeAlphaVantage } from '../../../test-support/fake-alphavantage/index';
import { loadFakeUniverse } from '../../../test-support/fake-common/index';
import { runClock, runUntilSettled } from '../../../test-support/wait';
import { createManualClock } from '../clock';

// Thursday 2025-11-06 09:00 New York (pre-market: not polled on a live feed).
const T0 = Date.parse('2025-11-06T14:00:00Z');
const KEY = 'AVUSAGEALERTS001';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('usage alerts in the engine', () => {
  it('warns at 80% of the daily window, predicts the breach, resets at midnight and reports the day', async () => {
    const clock = createManualClock(T0);
    const fake = await startFakeAlphaVantage({ clock });
    cleanups.push(() => fake.stop());
    const engine = createTestEngine({
      clock,
      env: {
        QUOTEDESK_PROVIDERS: 'alphavantage',
        QUOTEDESK_ALPHAVANTAGE_KEY: KEY,
        QUOTEDESK_ALPHAVANTAGE_URL: fake.url,
      },
    });
    const notifications: DesktopNotification[] = [];
    engine.events.on('notification', (n) => notifications.push(n));
    await engine.start();
    cleanups.push(() => engine.stop());
    const busy = () => engine.gateway.inFlight() > 0 || fake.inFlight() > 0;

    // A burst of on-demand quotes (a script, say): 22 calls in a few minutes.
    for (const symbol of [...loadFakeUniverse().keys()].slice(100, 122)) {
      await runUntilSettled(
        clock,
        Promise.resolve(engine.api.getQuote({ symbol })).catch(() => null),
        busy,
        250,
        60_000,
      );
    }
    await runClock(clock, clock.now() + 60_000, busy, 1000);
    const active = await engine.api.listUsageAlerts({ state: 'active', limit: 10 });
    const keys = active.map((a) => a.key).sort();
    expect(keys).toEqual(['predict:alphavantage:day:86400000', 'window:alphavantage:day:86400000']);
    const predicted = active.find((a) => a.kind === 'predicted-breach');
    expect(predicted?.message).toMatch(
      /^Alpha Vantage: at this pace the daily limit \(25\) runs out at 09:\d\d New York time/,
    );
    // Evaluated a few seconds after the quotes that crossed 80%: told once each.
    expect(notifications.map((n) => n.title).sort()).toEqual([
      expect.stringMatching(/^Alpha Vantage: (8\d|9\d)% of the daily limit$/),
      expect.stringMatching(/^Alpha Vantage: daily limit runs out at 09:\d\d$/),
    ]);
    expect(engine.usageAlerts().active).toHaveLength(2);
    const used = fake.usedToday(KEY);

    // Past New York midnight: the window resets, both alerts resolve, the day is reported.
    await runClock(clock, Date.parse('2025-11-07T05:03:00Z'), busy, 60_000);
    expect(await engine.api.listUsageAlerts({ state: 'active', limit: 10 })).toEqual([]);
    // Also listed that day: stale tier 1 (Alpha Vantage free's spent day stops refreshing it).
    const all = await engine.api.listUsageAlerts({ state: 'all', limit: 10 });
    expect(all.every((a) => a.resolvedAt !== null)).toBe(true);
    expect(all.find((a) => a.kind === 'predicted-breach')?.resolvedMessage).toBe(
      'Alpha Vantage: the pace dropped; the daily limit (25) lasts',
    );
    const { reports, today } = await engine.api.listUsageReports({ days: 30 });
    expect(today).toMatchObject({ date: '2025-11-07', complete: false });
    const [day] = reports;
    expect(day).toMatchObject({
      date: '2025-11-06',
      complete: true,
      calls: used,
      rateLimited: 0,
      usageAlertsFired: all.length,
    });
    expect(day?.providers[0]?.peaks.find((p) => p.unit === 'day')).toMatchObject({ peak: used, limit: 25 });
    expect(fake.counters().violations).toBe(0);
  }, 120_000);
});
