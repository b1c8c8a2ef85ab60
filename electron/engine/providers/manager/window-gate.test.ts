import { describe, expect, it } from 'vitest';
import { parseLimits } from '../limits';
import { createWindowGate } from './window-gate';

// Thursday 2025-11-06 10:00 New York (15:00 UTC).
const T0 = Date.parse('2025-11-06T15:00:00Z');

/** Starts `n` calls as early as the gate allows, each answered `latency` ms later; returns start times. */
function drive(gate: ReturnType<typeof createWindowGate>, n: number, latency = 0): number[] {
  const starts: number[] = [];
  let t = T0;
  const pending: { ticket: number; at: number }[] = [];
  while (starts.length < n) {
    pending.sort((a, b) => a.at - b.at);
    while (pending.length > 0 && pending[0]!.at <= t) {
      const p = pending.shift()!;
      gate.finish(p.ticket, p.at);
    }
    const c = gate.check(t);
    if (c.canStart) {
      starts.push(t);
      pending.push({ ticket: gate.start(t), at: t + latency });
      continue;
    }
    const nextFinish = pending[0]?.at ?? Infinity;
    t = Math.min(c.waitMs > 0 ? t + c.waitMs : Infinity, nextFinish);
  }
  for (const p of pending) gate.finish(p.ticket, p.at);
  return starts;
}

/** The most calls in any window of `ms` (windows open on the left, as the fakes count). */
function maxInWindow(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('window gate', () => {
  it('honours 30/s and 60/min at once, as tightly as both allow', () => {
    const gate = createWindowGate(parseLimits('30/s,60/min'));
    const starts = drive(gate, 180);
    expect(maxInWindow(starts, 1000)).toBe(30);
    expect(maxInWindow(starts, 60_000)).toBe(60);
    expect(starts[29]).toBe(T0);
    expect(starts[30]).toBe(T0 + 1000);
    expect(starts[60]).toBe(T0 + 60_000);
    expect(starts[179]! - T0).toBe(121_000);
  });

  it('counts a call in flight in every window, and from its answer on', () => {
    const gate = createWindowGate(parseLimits('1/s'));
    const t = gate.start(T0);
    expect(gate.check(T0 + 5000)).toMatchObject({ canStart: false, waitingOnInFlight: true });
    gate.finish(t, T0 + 400);
    expect(gate.check(T0 + 1399)).toMatchObject({ canStart: false, waitMs: 1 });
    expect(gate.check(T0 + 1400).canStart).toBe(true);
    // With any latency the starts stay a full window apart from the previous answer.
    const spaced = drive(createWindowGate(parseLimits('1/s')), 20, 250);
    for (let i = 1; i < spaced.length; i++) expect(spaced[i]! - spaced[i - 1]!).toBe(1250);
  });

  it('holds a daily allowance to the later of the New York and UTC midnights', () => {
    const gate = createWindowGate(parseLimits('1/s,25/day'));
    const starts = drive(gate, 25);
    expect(starts.at(-1)! - T0).toBe(24_000);
    const c = gate.check(T0 + 30_000);
    expect(c.canStart).toBe(false);
    expect(c.blockedBy?.unit).toBe('day');
    // New York midnight is 05:00 UTC on Nov 7; the margin keeps one more minute.
    expect(T0 + 30_000 + c.waitMs).toBe(Date.parse('2025-11-07T05:01:00Z'));
    expect(gate.use(T0 + 30_000).map((u) => u.used)).toEqual([0, 25]);
  });

  it('restores its log from history: a restart does not reset the day', () => {
    const history = Array.from({ length: 20 }, (_, i) => T0 - 3_600_000 + i * 2000);
    const gate = createWindowGate(parseLimits('1/s,25/day'), { history });
    expect(drive(gate, 5)).toHaveLength(5);
    expect(gate.check(T0 + 10_000).blockedBy?.unit).toBe('day');
    // Yesterday's calls (New York) do not count today.
    const old = createWindowGate(parseLimits('25/day'), { history: Array.from({ length: 25 }, () => T0 - 86_400_000) });
    expect(old.check(T0).canStart).toBe(true);
  });

  it('says when a call behind others could leave', () => {
    const gate = createWindowGate(parseLimits('30/s,60/min'));
    expect(gate.timeForCalls(T0, 0)).toBe(T0);
    expect(gate.timeForCalls(T0, 30)).toBe(T0 + 1000);
    expect(gate.timeForCalls(T0, 60)).toBe(T0 + 60_000);
  });
});
