import { describe, expect, it } from 'vitest';
import { extendSeries, LIVE_SPACING_MS } from './PriceChart';

describe('live ticks on the chart', () => {
  it('keeps a point every few seconds and moves the head in between', () => {
    let s = [{ x: 0, y: 10 }];
    for (let t = 1000; t <= 12_000; t += 1000) s = extendSeries(s, t, 10 + t / 1000);
    // The history point, then a point about every LIVE_SPACING_MS; the head is the last tick.
    expect(s.map((p) => p.x)).toEqual([0, 4000, 8000, 12_000]);
    expect(s.at(-1)).toEqual({ x: 12_000, y: 22 });
    expect(LIVE_SPACING_MS).toBe(5000);
  });

  it('ignores a tick older than the last point', () => {
    const s = [
      { x: 0, y: 1 },
      { x: 10_000, y: 2 },
    ];
    expect(extendSeries(s, 5000, 9)).toEqual(s);
  });
});
