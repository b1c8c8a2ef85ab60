// Ticker symbols as the contract accepts them: BRK.B, ABR-P-D, AAPL; lower case is upper-cased.
import { z } from 'zod';

export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{0,6}(?:[.-][A-Z0-9]{1,4}){0,2}$/;

export const symbolSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(SYMBOL_PATTERN, 'not a ticker symbol (letters, digits, "." or "-", like AAPL or BRK.B)'));

/** `A,B,C` in a query string, or an array over IPC. */
export const symbolListSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').filter((s) => s.trim() !== '') : v),
  z.array(symbolSchema).max(5000),
);

export function isSymbol(s: string): boolean {
  return SYMBOL_PATTERN.test(s);
}
