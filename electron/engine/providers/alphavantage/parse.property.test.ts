import fc from 'fast-check';
import { describe, it } from 'vitest';
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
import { parseBulkQuotes, parseGlobalQuote, parseListingStatus, parseMarketStatus, parseOverview } from './parse';

const ctx = { now: Date.parse('2025-11-06T20:00:00Z'), redact: createRedactor(['SECRETKEY123']) };

const QUOTE = {
  '01. symbol': 'IBM',
  '02. open': '256.9500',
  '03. high': '258.1900',
  '04. low': '252.8800',
  '05. price': '253.4400',
  '06. volume': '3433300',
  '07. latest trading day': '2025-11-05',
  '08. previous close': '257.0100',
  '09. change': '-3.5700',
  '10. change percent': '-1.3891%',
};

const BULK_ROW = {
  symbol: 'MSFT',
  timestamp: '2024-10-30 19:59:58.052',
  open: '437.6',
  high: '438.5',
  low: '432.1',
  close: '432.53',
  volume: '18432911',
  previous_close: '431.95',
  change: '0.58',
  change_percent: '0.1343',
};

const wrapperKey = fc.constantFrom(
  'Global Quote',
  'Global Quote - DATA DELAYED BY 15 MINUTES',
  'Global Quote ',
  'Note',
);
const errorKey = fc.constantFrom('Information', 'Note', 'Error Message', 'message');

describe('Alpha Vantage parsers never throw anything but ProviderError and never emit an unsound quote', () => {
  it('GLOBAL_QUOTE: mutated fields, wrappers, truncation', () => {
    const body = fc.tuple(wrapperKey, mutatedRecord(QUOTE)).map(([k, inner]) => ({ [k]: inner }));
    fc.assert(
      fc.property(bodyText(body), (text) => expectSoundBatch(() => parseGlobalQuote(text, 'IBM', ctx))),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('GLOBAL_QUOTE: arbitrary JSON, error keys with arbitrary texts, arbitrary strings', () => {
    const anyBody = fc.oneof(
      bodyText(fc.jsonValue()),
      bodyText(fc.tuple(errorKey, oddValue).map(([k, v]) => ({ [k]: v }))),
      fc.string(),
    );
    fc.assert(
      fc.property(anyBody, (text) => expectSoundBatch(() => parseGlobalQuote(text, 'IBM', ctx))),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('REALTIME_BULK_QUOTES: mutated rows and envelopes', () => {
    const body = fc.record({
      endpoint: oddValue,
      message: fc.oneof(fc.constant('success'), oddValue),
      data: fc.oneof(fc.array(mutatedRecord(BULK_ROW), { maxLength: 4 }), oddValue),
    });
    fc.assert(
      fc.property(bodyText(body), (text) => expectSoundBatch(() => parseBulkQuotes(text, ['MSFT', 'AAPL'], ctx))),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('OVERVIEW, LISTING_STATUS and MARKET_STATUS: arbitrary and mutated bodies', () => {
    const overview = mutatedRecord({
      Symbol: 'AAPL',
      Name: 'Apple Inc',
      SharesOutstanding: '15022100000',
      MarketCapitalization: '1',
    });
    const csv = fc
      .array(fc.array(fc.oneof(fc.string(), fc.constant('null')), { maxLength: 8 }), { maxLength: 5 })
      .map((rows) =>
        ['symbol,name,exchange,assetType,ipoDate,delistingDate,status', ...rows.map((r) => r.join(','))].join('\r\n'),
      );
    fc.assert(
      fc.property(bodyText(overview), fc.oneof(csv, fc.string()), bodyText(fc.jsonValue()), (o, c, j) => {
        expectSoundProfile(() => parseOverview(o, 'AAPL', ctx));
        expectOnlyProviderErrors(() => parseListingStatus(c, ctx));
        expectOnlyProviderErrors(() => parseMarketStatus(j, ctx));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
