import { describe, expect, it } from 'vitest';
import type { Quote } from '../../../shared/quote';
import { createFrameBatcher } from './frame-batcher';
import { useAppStore } from './index';

const q = (symbol: string, price: number, asOf: string): Quote => ({ symbol, price, asOf, fetchedAt: asOf }) as Quote;

describe('quotes slice', () => {
  it('applies newer quotes, refuses older ones, counts symbols and bumps the version', () => {
    const { applyQuotes } = useAppStore.getState();
    applyQuotes([q('AAPL', 1, '2026-01-01T10:00:00.000Z'), q('MSFT', 2, '2026-01-01T10:00:00.000Z')]);
    const v1 = useAppStore.getState().quotesVersion;
    expect(useAppStore.getState().quotedCount).toBe(2);
    applyQuotes([q('AAPL', 3, '2026-01-01T09:59:59.000Z')]);
    expect(useAppStore.getState().quotes.AAPL?.price).toBe(1);
    expect(useAppStore.getState().quotesVersion).toBe(v1);
    const before = useAppStore.getState().quotes.MSFT;
    applyQuotes([q('AAPL', 4, '2026-01-01T10:00:01.000Z')]);
    expect(useAppStore.getState().quotes.AAPL?.price).toBe(4);
    // The other symbol's quote object is untouched, so its row does not re-render.
    expect(useAppStore.getState().quotes.MSFT).toBe(before);
    expect(useAppStore.getState().quotedCount).toBe(2);
    expect(useAppStore.getState().quotesVersion).toBe(v1 + 1);
  });

  it('applies a burst of pushes once per frame, latest quote per symbol', () => {
    const applied: Quote[][] = [];
    const frames: (() => void)[] = [];
    const push = createFrameBatcher(
      (b) => applied.push(b),
      (fn) => frames.push(fn),
    );
    push([q('A', 1, 't1'), q('B', 1, 't1')]);
    push([q('A', 2, 't2')]);
    expect(frames).toHaveLength(1);
    frames[0]?.();
    expect(applied).toEqual([[q('A', 2, 't2'), q('B', 1, 't1')]]);
  });

  it('drops the quotes that match, with a new record so every reader sees it', () => {
    const { applyQuotes, dropQuotes } = useAppStore.getState();
    applyQuotes([{ ...q('SIM1', 1, '2026-01-02T10:00:00.000Z'), source: 'simulated' }]);
    applyQuotes([{ ...q('REAL1', 1, '2026-01-02T10:00:00.000Z'), source: 'finnhub' }]);
    const before = useAppStore.getState();
    dropQuotes((x) => x.source === 'simulated');
    const after = useAppStore.getState();
    expect(after.quotes.SIM1).toBeUndefined();
    expect(after.quotes.REAL1?.price).toBe(1);
    expect(after.quotedCount).toBe(Object.keys(after.quotes).length);
    expect(after.quotesVersion).toBe(before.quotesVersion + 1);
  });
});
