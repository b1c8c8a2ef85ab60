import { describe, expect, it } from 'vitest';
import type { Quote } from '../../../shared/quote';
import { compareBy, inCapBand, nextSort, rangePosition } from './quote-sort';

const q = (symbol: string, changePercent: number, marketCap: number | null = null) =>
  ({ symbol, changePercent, marketCap, price: 10, low: 9, high: 11 }) as Quote;

describe('table sorting', () => {
  it('sorts numbers either way with missing quotes last', () => {
    const quotes = { A: q('A', 1), B: q('B', -2), C: q('C', 3) };
    const list = ['A', 'B', 'C', 'D'];
    expect([...list].sort(compareBy(quotes, { key: 'changePercent', order: 'desc' }))).toEqual(['C', 'A', 'B', 'D']);
    expect([...list].sort(compareBy(quotes, { key: 'changePercent', order: 'asc' }))).toEqual(['B', 'A', 'C', 'D']);
  });

  it('cycles a header: first direction, the other, then off', () => {
    expect(nextSort(null, 'volume')).toEqual({ key: 'volume', order: 'desc' });
    expect(nextSort({ key: 'volume', order: 'desc' }, 'volume')).toEqual({ key: 'volume', order: 'asc' });
    expect(nextSort({ key: 'volume', order: 'asc' }, 'volume')).toBeNull();
    expect(nextSort(null, 'symbol')).toEqual({ key: 'symbol', order: 'asc' });
  });

  it('places the price in its day range and caps in bands', () => {
    expect(rangePosition({ low: 9, high: 11, price: 10 })).toBe(0.5);
    expect(rangePosition({ low: null, high: 11, price: 10 })).toBeNull();
    expect(inCapBand(3e12, 'mega')).toBe(true);
    expect(inCapBand(5e9, 'mid')).toBe(true);
    expect(inCapBand(null, 'nano')).toBe(false);
  });
});
