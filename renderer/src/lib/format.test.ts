import { describe, expect, it } from 'vitest';
import {
  arrow,
  direction,
  formatAge,
  formatChange,
  formatCompact,
  formatMoneyCompact,
  formatPercent,
  formatPrice,
} from './format';

describe('number formatting for people', () => {
  it('prices keep cents, sub-dollar prices four decimals, with thousands separators', () => {
    expect(formatPrice(309.35)).toBe('309.35');
    expect(formatPrice(740000)).toBe('740,000.00');
    expect(formatPrice(0.0421)).toBe('0.0421');
    expect(formatPrice(null)).toBe('—');
    expect(formatPrice(Number.NaN)).toBe('—');
  });

  it('changes and percents carry their sign; zero has none', () => {
    expect(formatChange(1.234)).toBe('+1.23');
    expect(formatChange(-0.07)).toBe('−0.07');
    expect(formatChange(-0.0123, 0.5)).toBe('−0.0123');
    expect(formatChange(0)).toBe('0.00');
    expect(formatPercent(0.6412)).toBe('+0.64%');
    expect(formatPercent(-1.3891)).toBe('−1.39%');
    expect(formatPercent(-0.001)).toBe('0.00%');
  });

  it('compacts volumes and market caps', () => {
    expect(formatCompact(999)).toBe('999');
    expect(formatCompact(1234)).toBe('1.23K');
    expect(formatCompact(52_796_027)).toBe('52.80M');
    expect(formatCompact(999_999)).toBe('1.00M');
    expect(formatMoneyCompact(2.91e12)).toBe('$2.91T');
    expect(formatMoneyCompact(4_514_709_583_000)).toBe('$4.51T');
    expect(formatMoneyCompact(null)).toBe('—');
  });

  it('says how old a quote is in words', () => {
    expect(formatAge(1000)).toBe('just now');
    expect(formatAge(42_000)).toBe('42 s old');
    expect(formatAge(3 * 60_000 + 5000)).toBe('3 min old');
    expect(formatAge(5 * 3_600_000)).toBe('5 h old');
    expect(formatAge(-1)).toBe('—');
  });

  it('gives direction and arrows', () => {
    expect(direction(0.5)).toBe('up');
    expect(direction(-0.5)).toBe('down');
    expect(direction(0)).toBe('flat');
    expect(arrow('up')).toBe('▲');
    expect(arrow('down')).toBe('▼');
    expect(arrow('flat')).toBe('');
  });
});
