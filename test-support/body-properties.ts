// fast-check helpers shared by the parser property tests: mutated bodies and the "sound or typed error" check.
import fc from 'fast-check';
import { rejectReason } from '../electron/engine/quote-service';
import { ProviderError, type ProviderProfile, type QuoteBatch } from '../electron/engine/providers/types';

/** Values a provider field might hold on a bad day: odd numbers, odd strings, wrong types. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.double().map(String),
  fc.double(),
  fc.integer(),
  fc.constantFrom('', 'NaN', 'Infinity', '-Infinity', '-1.0000', '0.0000', '1e400', '--', 'None', 'null', '12%', '%'),
  fc.constantFrom(null, true, false, 0, -0, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Replaces, deletes or adds fields of a record. */
export function mutatedRecord(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...keys), oddValue, { maxKeys: keys.length }),
      fc.subarray(keys),
      fc.dictionary(fc.string({ maxLength: 8 }), oddValue, { maxKeys: 2 }),
    )
    .map(([replaced, removed, added]) => {
      const out: Record<string, unknown> = { ...base, ...replaced, ...added };
      for (const k of removed) delete out[k];
      return out;
    });
}

/** A body text: the object pretty-printed or compact, sometimes cut short like a dropped connection. */
export function bodyText(value: fc.Arbitrary<unknown>, indent: 0 | 2 | 4 = 4): fc.Arbitrary<string> {
  return fc.tuple(value, fc.option(fc.nat(), { freq: 3 })).map(([v, cut]) => {
    const text = JSON.stringify(v, null, indent) ?? 'null';
    return cut === null ? text : text.slice(0, cut % (text.length + 1));
  });
}

/** Runs a parser: it must return sound quotes only, or throw a ProviderError, nothing else. */
export function expectSoundBatch(run: () => QuoteBatch): void {
  let batch: QuoteBatch;
  try {
    batch = run();
  } catch (err) {
    if (err instanceof ProviderError) return;
    throw err;
  }
  for (const q of batch.quotes) {
    const reason = rejectReason(q);
    if (reason !== null) throw new Error(`parser produced an unsound quote (${reason}): ${JSON.stringify(q)}`);
  }
}

export function expectSoundProfile(run: () => ProviderProfile | null): void {
  let p: ProviderProfile | null;
  try {
    p = run();
  } catch (err) {
    if (err instanceof ProviderError) return;
    throw err;
  }
  if (p === null) return;
  const s = p.sharesOutstanding;
  if (s !== null && !(Number.isSafeInteger(s) && s > 0)) throw new Error(`unsound share count ${s}`);
  if (p.marketCap !== null && !(Number.isFinite(p.marketCap) && p.marketCap > 0)) throw new Error('unsound cap');
}

/** Runs anything that may only fail with a ProviderError. */
export function expectOnlyProviderErrors(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
  }
}

export const PROPERTY_RUNS = 10_000;
