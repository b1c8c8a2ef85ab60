import { describe, expect, it } from 'vitest';
import { lttb } from './lttb';

describe('LTTB downsampling', () => {
  it('passes short series through and keeps the ends of long ones', () => {
    const short = [1, 2, 3].map((x) => ({ x, y: x }));
    expect(lttb(short, 10)).toEqual(short);
    const long = Array.from({ length: 10_000 }, (_, x) => ({ x, y: Math.sin(x / 300) }));
    const out = lttb(long, 500);
    expect(out).toHaveLength(500);
    expect(out[0]).toBe(long[0]);
    expect(out.at(-1)).toBe(long.at(-1));
    expect(out.every((p, i) => i === 0 || p.x > (out[i - 1]?.x ?? -1))).toBe(true);
  });

  it('keeps a lone spike that an even stride would miss', () => {
    const data = Array.from({ length: 5000 }, (_, x) => ({ x, y: x === 2501 ? 100 : 0 }));
    expect(lttb(data, 100).some((p) => p.y === 100)).toBe(true);
  });
});
