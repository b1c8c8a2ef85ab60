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
    // On demand: no spacing, only the windows (28 a second after the margin).
    expect(p.waitFor(true, t)).toBe(0);
    for (let i = 0; i < 27; i++) p.record(t, true);
    expect(p.used(t)).toEqual([28, 28]);
    expect(p.waitFor(true, t)).toBe(1001);
    // The k-th on-demand call from now, if nothing else went: 29 more fit in the minute.
    expect(p.estimate(29, t + 1001)).toBeLessThan(t + 3000);
    expect(p.estimate(30, t + 1001)).toBeGreaterThanOrEqual(t + 60_000);
  });

  it('never lets more than the allowed calls into any window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3000 }), onDemand: fc.boolean() }), { maxLength: 400 }),
        (steps) => {
          const limits = parseLimits('5/s,40/min');
          const p = createPacer({ limits, safetyMargin: 0.05, pacePerMinute: 30 });
          const sent: number[] = [];
          let t = 0;
          for (const s of steps) {
            t += s.gap;
            const wait = p.waitFor(s.onDemand, t);
            if (wait === 0) {
              p.record(t, s.onDemand);
              sent.push(t);
            }
          }
          for (const [i, at] of sent.entries()) {
            const inSecond = sent.filter((x, j) => j <= i && x > at - 1000).length;
            const inMinute = sent.filter((x, j) => j <= i && x > at - 60_000).length;
            expect(inSecond).toBeLessThanOrEqual(4);
            expect(inMinute).toBeLessThanOrEqual(38);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
