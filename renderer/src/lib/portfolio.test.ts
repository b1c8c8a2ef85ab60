import { describe, expect, it } from 'vitest';
import type { HoldingValuation } from '../../../shared/contract';
import { costBasisOf, parseAmount, sortHoldings } from './portfolio';

const h = (symbol: string, value: number | null, shares = 1): HoldingValuation => ({
  symbol,
  shares,
  costBasis: 100,
  price: value === null ? null : value / shares,
  value,
  dayChange: null,
  dayChangePercent: null,
  gain: value === null ? null : value - 100,
  gainPercent: null,
  weightPercent: null,
  asOf: null,
  stale: value === null,
});

describe('portfolio arithmetic', () => {
  it('reads amounts the way people type them', () => {
    expect(parseAmount('10')).toBe(10);
    expect(parseAmount(' 1,250.5 ')).toBe(1250.5);
    expect(parseAmount('$99.90')).toBe(99.9);
    expect(parseAmount('.5')).toBe(0.5);
    expect(parseAmount('12.')).toBe(12);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('abc')).toBeNull();
    expect(parseAmount('1.2.3')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
  });

  it('computes the cost basis without float noise', () => {
    expect(costBasisOf(3, 0.1)).toBe(0.3);
    expect(costBasisOf(10, 150)).toBe(1500);
    expect(costBasisOf(0.3333, 187.77)).toBe(62.5837);
  });

  it('sorts holdings with unpriced ones last in either order', () => {
    const list = [h('B', 300), h('A', null), h('C', 100)];
    expect(sortHoldings(list, 'value', 'desc').map((x) => x.symbol)).toEqual(['B', 'C', 'A']);
    expect(sortHoldings(list, 'value', 'asc').map((x) => x.symbol)).toEqual(['C', 'B', 'A']);
    expect(sortHoldings(list, 'symbol', 'asc').map((x) => x.symbol)).toEqual(['A', 'B', 'C']);
  });
});
