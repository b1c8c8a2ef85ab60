import { describe, expect, it } from 'vitest';
import { createSimulationClock } from '../../../test-support/sim-clock';
import { createClockScheduler } from './timer';

const T0 = Date.parse('2026-11-23T15:00:00Z');

describe('the Scheduler on the injected clock', () => {
  it('runs one-shot tasks at their wall time, in order, and not once cancelled', async () => {
    const clock = createSimulationClock(T0);
    const timer = createClockScheduler(clock);
    const fired: [string, number][] = [];
    timer.at(T0 + 90_000, () => fired.push(['b', clock.now()]));
    timer.at(T0 + 30_000, () => fired.push(['a', clock.now()]));
    const c = timer.at(T0 + 60_000, () => fired.push(['c', clock.now()]));
    timer.cancel(c);
    await clock.runUntil(T0 + 3_600_000);
    expect(fired).toEqual([
      ['a', T0 + 30_000],
      ['b', T0 + 90_000],
    ]);
    timer.stop();
  });

  it('fires a task that fell due during a sleep once, right after the wake, and reports the sleep', async () => {
    const clock = createSimulationClock(T0);
    const timer = createClockScheduler(clock, { maxSleepMs: 15_000 });
    const fired: number[] = [];
    const sleeps: number[] = [];
    timer.onWake((ms) => sleeps.push(ms));
    // Due in a day: a single long setTimeout would count only awake time and fire a day after the wake.
    timer.at(T0 + 86_400_000, () => fired.push(clock.now()));
    await clock.runUntil(T0 + 10_000);
    clock.suspend(30 * 3_600_000);
    const wake = clock.now();
    await clock.runUntil(wake + 60_000);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(T0 + 86_400_000);
    expect((fired[0] ?? 0) - wake).toBeLessThanOrEqual(15_000);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(29 * 3_600_000);
    timer.stop();
  });

  it('re-checks due tasks at once when poked', async () => {
    const clock = createSimulationClock(T0);
    const timer = createClockScheduler(clock, { maxSleepMs: 15_000 });
    const fired: number[] = [];
    timer.at(T0 + 1000, () => fired.push(clock.now()));
    clock.suspend(60_000);
    timer.poke();
    await clock.runUntil(clock.now());
    expect(fired).toEqual([T0 + 60_000]);
    timer.stop();
  });
});
