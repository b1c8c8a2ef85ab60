import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bodyText,
  expectOnlyProviderErrors,
  expectSoundBatch,
  expectSoundProfile,
  mutatedRecord,
  oddValue,
  PROPERTY_RUNS,
} from '../../../../test-support/body-properties';
import { createRedactor } from '../redact';
import {
  classifyFinnhubStatus,
  parseFinnhubHolidays,
  parseFinnhubMarketStatus,
  parseFinnhubProfile,
  parseFinnhubQuote,
  parseFinnhubSearch,
  parseFinnhubSymbols,
  parseStreamFrame,
} from './parse';

const ctx = { now: Date.parse('2025-07-21T14:00:00Z'), redact: createRedactor(['fhsecretkey']) };
const QUOTE = { c: 211.18, d: 1.16, dp: 0.5523, h: 211.79, l: 209.7045, o: 210.95, pc: 210.02, t: 1753041600 };

describe('Finnhub parsers never throw anything but ProviderError and never emit an unsound quote', () => {
  it('/quote: mutated fields, truncation, compact and indented', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bodyText(mutatedRecord(QUOTE), 0),
          bodyText(mutatedRecord(QUOTE), 2),
          bodyText(fc.jsonValue(), 0),
          fc.string(),
        ),
        (text) => expectSoundBatch(() => parseFinnhubQuote(text, 'AAPL', ctx)),
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('status errors, profiles and reference endpoints', () => {
    const profile = mutatedRecord({ name: 'Apple Inc', shareOutstanding: 14935.83, marketCapitalization: 3154147.73 });
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        bodyText(profile, 0),
        bodyText(fc.jsonValue(), 0),
        fc.option(fc.string()),
        (status, p, j, retry) => {
          const err = classifyFinnhubStatus(status, j, retry, ctx);
          expect(err === null).toBe(status >= 200 && status < 300);
          if (err?.retryAt !== undefined) expect(Number.isFinite(err.retryAt)).toBe(true);
          expectSoundProfile(() => parseFinnhubProfile(p, 'AAPL', ctx));
          expectOnlyProviderErrors(() => parseFinnhubSymbols(j, ctx));
          expectOnlyProviderErrors(() => parseFinnhubMarketStatus(j, ctx));
          expectOnlyProviderErrors(() => parseFinnhubHolidays(j, ctx));
          expectOnlyProviderErrors(() => parseFinnhubSearch(j, ctx));
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('WebSocket frames: only positive finite prices and times come out, nothing throws', () => {
    const trade = mutatedRecord({ p: 122.1, s: 'TSLA', t: 1672348887195, v: 1, c: ['1'] });
    const frame = fc.oneof(
      bodyText(
        fc.record({
          type: fc.oneof(fc.constant('trade'), oddValue),
          data: fc.oneof(fc.array(trade, { maxLength: 4 }), oddValue),
        }),
        0,
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(frame, (text) => {
        const f = parseStreamFrame(text, ctx.redact);
        if (f.type !== 'trade') return;
        for (const t of f.trades) {
          expect(Number.isFinite(t.price) && t.price > 0).toBe(true);
          expect(Number.isFinite(t.time) && t.time > 0).toBe(true);
          expect(Number.isFinite(t.volume) && t.volume >= 0).toBe(true);
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
