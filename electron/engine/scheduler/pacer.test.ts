import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLimits } from '../providers/limits';
import { allowedIn, createPacer } from './pacer';

describe('pacer', () => {
  it('takes the margin off each window in whole calls, never below one', () => {
    const [perSecond, perMinute] = parseLimits('30/s,60/min');
    expect(allowedIn(perSecond!, 0.05)).toBe(28);
    expect(allowedIn(perMinute!, 0.05)).toBe(57);
    expect(allowedIn(parseLimits('1/s')[0]!, 0.05)).toBe(1);
  });

  it('spaces scheduled calls evenly and lets on-demand calls through up to the windows', () => {
    const p = createPacer({ limits: parseLimits('30/s,60/min'), safetyMargin: 0.05, pacePerMinute: 55.86 });
    const t = 1_000_000;
    expect(p.waitFor(false, t)).toBe(0);
    p.record(t, false);
    const spacing = Math.ceil(60_000 / 55.86);
    expect(p.waitFor(false, t)).toBe(spacing);
    // On demand: no spacing, and the whole of each window (the margin is kept for them).
    expect(p.waitFor(true, t)).toBe(0);
    for (let i = 0; i < 27; i++) p.record(t, true);
    expect(p.used(t)).toEqual([28, 28]);
    // A user's calls go on to the limit (30 a second).
    expect(p.waitFor(true, t)).toBe(0);
    p.record(t, true);
    p.record(t, true);
    expect(p.waitFor(true, t)).toBe(1001);
    // The k-th on-demand call from now, if nothing else went: 30 more fit in the minute.
    expect(p.estimate(30, t + 1001)).toBeLessThan(t + 3000);
    expect(p.estimate(31, t + 1001)).toBeGreaterThanOrEqual(t + 60_000);
  });

  it('stops scheduled calls at the margin of a window', () => {
    const p = createPacer({ limits: parseLimits('30/s,60/min'), safetyMargin: 0.05, pacePerMinute: 6000 });
    const t = 1_000_000;
    for (let i = 0; i < 28; i++) p.record(t, true);
    expect(p.waitFor(false, t + 100)).toBe(901);
    expect(p.waitFor(true, t + 100)).toBe(0);
  });

  it('keeps scheduled calls inside the margin and every call inside the limits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3000 }), onDemand: fc.boolean() }), { maxLength: 400 }),
        (steps) => {
          const limits = parseLimits('5/s,40/min');
          const p = createPacer({ limits, safetyMargin: 0.05, pacePerMinute: 30 });
          const sent: { t: number; onDemand: boolean }[] = [];
          let t = 0;
          for (const s of steps) {
            t += s.gap;
            const wait = p.waitFor(s.onDemand, t);
            if (wait === 0) {
              p.record(t, s.onDemand);
              sent.push({ t, onDemand: s.onDemand });
            }
          }
          for (const [i, at] of sent.entries()) {
            const inSecond = sent.filter((x, j) => j <= i && x.t > at.t - 1000).length;
            const inMinute = sent.filter((x, j) => j <= i && x.t > at.t - 60_000).length;
            // A scheduled call never enters a window past the margin; no call past the limit.
            expect(inSecond).toBeLessThanOrEqual(at.onDemand ? 5 : 4);
            expect(inMinute).toBeLessThanOrEqual(at.onDemand ? 40 : 38);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
