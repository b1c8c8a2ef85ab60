import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../clock';
import { createSimulatedProvider, dayVolumeShare, uShapeCumulative, type SimulatedSymbol } from './simulated-provider';

const START = Date.parse('2026-11-23T14:30:00Z'); // 09:30 New York

const universe = new Map<string, SimulatedSymbol>(
  [
    { symbol: 'AAPL', refPrice: 309.35, avgVolume: 52_796_027 },
    { symbol: 'PENNY', refPrice: 0.0421, avgVolume: 1_000 },
    { symbol: 'BRK.A', refPrice: 740_000, avgVolume: 300 },
  ].map((s) => [s.symbol, { ...s, name: s.symbol, exchange: 'NYSE', sharesOutstanding: 1_000_000 }]),
);

function run(seed: number, steps: number, stepMs = 1000) {
  const clock = createManualClock(START);
  const p = createSimulatedProvider({ seed, clock, universe: () => universe, limits: [] });
  const out: number[] = [];
  return (async () => {
    for (let i = 0; i < steps; i++) {
      const batch = await p.fetchQuotes(['AAPL', 'PENNY', 'BRK.A']);
      for (const q of batch.quotes) out.push(q.price, q.volume ?? -1);
      await clock.advance(stepMs);
    }
    return out;
  })();
}

describe('simulated provider', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await run(7, 200);
    const b = await run(7, 200);
    const c = await run(8, 200);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('reports unknown symbols instead of inventing them', async () => {
    const clock = createManualClock(START);
    const p = createSimulatedProvider({ seed: 1, clock, universe: () => universe, limits: [] });
    const batch = await p.fetchQuotes(['AAPL', 'NOPE']);
    expect(batch.quotes.map((q) => q.symbol)).toEqual(['AAPL']);
    expect(batch.unknown).toEqual(['NOPE']);
  });

  it('never yields NaN, infinite or non-positive prices, and volume only grows within a day', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 6 * 3_600_000 }), { minLength: 1, maxLength: 60 }),
        async (seed, gaps) => {
          const clock = createManualClock(START);
          const p = createSimulatedProvider({ seed, clock, universe: () => universe, limits: [] });
          const lastVolume = new Map<string, { day: string; v: number }>();
          for (const gap of gaps) {
            await clock.advance(gap);
            const { quotes } = await p.fetchQuotes([...universe.keys()]);
            for (const q of quotes) {
              for (const v of [q.price, q.open, q.high, q.low, q.previousClose]) {
                expect(Number.isFinite(v)).toBe(true);
                expect(v).toBeGreaterThan(0);
              }
              expect(Number.isFinite(q.change) && Number.isFinite(q.changePercent)).toBe(true);
              expect(q.low ?? 0).toBeLessThanOrEqual(q.price);
              expect(q.high ?? 0).toBeGreaterThanOrEqual(q.price);
              const day = new Date(q.asOf - 5 * 3_600_000).toISOString().slice(0, 10);
              const prev = lastVolume.get(q.symbol);
              if (prev && prev.day === day) expect(q.volume ?? 0).toBeGreaterThanOrEqual(prev.v);
              lastVolume.set(q.symbol, { day, v: q.volume ?? 0 });
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('volume follows an intraday U-shape: busier at the open and close than at lunch', () => {
    const per30 = (startMin: number) => uShapeCumulative((startMin + 30) / 390) - uShapeCumulative(startMin / 390);
    expect(per30(0)).toBeGreaterThan(per30(180) * 2);
    expect(per30(360)).toBeGreaterThan(per30(180) * 2);
    expect(uShapeCumulative(0)).toBe(0);
    expect(uShapeCumulative(1)).toBeCloseTo(1, 10);
    expect(dayVolumeShare(0)).toBe(0);
    expect(dayVolumeShare(24 * 60)).toBeCloseTo(1, 10);
  });
});
