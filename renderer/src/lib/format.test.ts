import { describe, expect, it } from 'vitest';
import {
  arrow,
  direction,
  formatAge,
  formatChange,
  formatCompact,
  formatCountdown,
  formatIn,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  formatPrice,
  formatShares,
  formatSignedMoney,
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

  it('writes money with a dollar sign, gains and losses signed', () => {
    expect(formatMoney(12345.678)).toBe('$12,345.68');
    expect(formatMoney(-12.5)).toBe('−$12.50');
    expect(formatMoney(-0.001)).toBe('$0.00');
    expect(formatSignedMoney(1234.5)).toBe('+$1,234.50');
    expect(formatSignedMoney(-80)).toBe('−$80.00');
    expect(formatSignedMoney(0)).toBe('$0.00');
    expect(formatSignedMoney(null)).toBe('—');
    expect(formatShares(1200)).toBe('1,200');
    expect(formatShares(0.352149)).toBe('0.3521');
  });

  it('says how far ahead something is, and counts down', () => {
    expect(formatIn(0)).toBe('now');
    expect(formatIn(44_200)).toBe('in 45 s');
    expect(formatIn(12 * 60_000)).toBe('in 12 min');
    expect(formatIn(200 * 60_000)).toBe('in 3 h 20 min');
    expect(formatIn(3 * 3_600_000)).toBe('in 3 h');
    expect(formatIn(5 * 86_400_000)).toBe('in 5 d');
    expect(formatCountdown(42_900)).toBe('0:42');
    expect(formatCountdown(4 * 60_000 + 7000)).toBe('4:07');
    expect(formatCountdown(2 * 3_600_000 + 5 * 60_000 + 9000)).toBe('2:05:09');
    expect(formatCountdown(-1)).toBe('—');
  });
});
