import { describe, expect, it } from 'vitest';
import { rejectReason } from '../../quote-service';
import { createRedactor } from '../redact';
import { ProviderError } from '../types';
import {
  classifyAvBody,
  parseBulkQuotes,
  parseGlobalQuote,
  parseListingStatus,
  parseMarketStatus,
  parseOverview,
  type AvParseContext,
} from './parse';

// 2025-11-06 15:00 New York, the day after the quotes' latest trading day.
const NOW = Date.parse('2025-11-06T20:00:00Z');
const KEY = 'K3Y4LPH4V4NT4G3X';
const ctx: AvParseContext = { now: NOW, redact: createRedactor([KEY]) };

/** Bodies as Alpha Vantage sends them: 4-space pretty JSON, keys in AV's order (PROVIDERS.md §1). */
const pretty = (v: unknown) => JSON.stringify(v, null, 4);

const GLOBAL_QUOTE = `{
    "Global Quote": {
        "01. symbol": "IBM",
        "02. open": "256.9500",
        "03. high": "258.1900",
        "04. low": "252.8800",
        "05. price": "253.4400",
        "06. volume": "3433300",
        "07. latest trading day": "2025-11-05",
        "08. previous close": "257.0100",
        "09. change": "-3.5700",
        "10. change percent": "-1.3891%"
    }
}`;

function errorOf(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

describe('GLOBAL_QUOTE', () => {
  it('reads every field of the documented body, 4-decimal strings and the % sign', () => {
    const batch = parseGlobalQuote(GLOBAL_QUOTE, 'IBM', ctx);
    expect(batch.unknown).toEqual([]);
    expect(batch.quotes).toEqual([
      {
        symbol: 'IBM',
        price: 253.44,
        change: -3.57,
        changePercent: -1.3891,
        open: 256.95,
        high: 258.19,
        low: 252.88,
        previousClose: 257.01,
        volume: 3433300,
        // The close of the latest trading day, New York time (16:00 EST = 21:00 UTC).
        asOf: Date.parse('2025-11-05T21:00:00Z'),
      },
    ]);
    expect(rejectReason(batch.quotes[0]!)).toBeNull();
  });

  it('treats {"Global Quote": {}} as an unknown symbol, not an error', () => {
    expect(parseGlobalQuote(pretty({ 'Global Quote': {} }), 'NOPE', ctx)).toEqual({ quotes: [], unknown: ['NOPE'] });
  });

  it('accepts the DATA DELAYED wrapper and marks the quote delayed', () => {
    const body = GLOBAL_QUOTE.replace('"Global Quote"', '"Global Quote - DATA DELAYED BY 15 MINUTES"');
    const [q] = parseGlobalQuote(body, 'IBM', ctx).quotes;
    expect(q?.delayed).toBe(true);
    expect(q?.price).toBe(253.44);
  });

  it('never dates a quote after now (less the delay) when the trading day is today', () => {
    const today = GLOBAL_QUOTE.replace('2025-11-05', '2025-11-06');
    expect(parseGlobalQuote(today, 'IBM', ctx).quotes[0]?.asOf).toBe(NOW);
    const delayed = today.replace('"Global Quote"', '"Global Quote - DATA DELAYED BY 15 MINUTES"');
    expect(parseGlobalQuote(delayed, 'IBM', ctx).quotes[0]?.asOf).toBe(NOW - 15 * 60_000);
  });

  it('turns a zero or missing price into a malformed error, never a quote', () => {
    const zero = GLOBAL_QUOTE.replace('"253.4400"', '"0.0000"');
    expect(errorOf(() => parseGlobalQuote(zero, 'IBM', ctx)).kind).toBe('malformed');
    const text = GLOBAL_QUOTE.replace('"253.4400"', '"n/a"');
    expect(errorOf(() => parseGlobalQuote(text, 'IBM', ctx)).kind).toBe('malformed');
  });

  it('rejects an answer for another symbol and a body of the wrong shape', () => {
    expect(errorOf(() => parseGlobalQuote(GLOBAL_QUOTE, 'MSFT', ctx)).kind).toBe('malformed');
    expect(errorOf(() => parseGlobalQuote(pretty({ 'Time Series': {} }), 'IBM', ctx)).kind).toBe('malformed');
    expect(errorOf(() => parseGlobalQuote(GLOBAL_QUOTE.slice(0, 90), 'IBM', ctx)).kind).toBe('malformed');
    expect(errorOf(() => parseGlobalQuote('<html>502 Bad Gateway</html>', 'IBM', ctx)).kind).toBe('malformed');
  });
});

describe('Alpha Vantage error bodies (HTTP 200)', () => {
  const cases: [string, object, string][] = [
    [
      'missing key',
      {
        'Error Message':
          'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.',
      },
      'auth',
    ],
    [
      'missing key (pre-2020 form)',
      {
        'Error Message':
          'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds, and is free permanently.',
      },
      'auth',
    ],
    [
      'invalid call',
      {
        'Error Message':
          'Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for GLOBAL_QUOTE.',
      },
      'invalid_request',
    ],
    ['unknown function', { 'Error Message': 'This API function (QUOTE) does not exist.' }, 'invalid_request'],
    [
      'demo key',
      {
        Information:
          'The **demo** API key is for demo purposes only. Please claim your free API key at (https://www.alphavantage.co/support/#api-key) to explore our full API offerings. It takes fewer than 20 seconds.',
      },
      'auth',
    ],
    [
      'daily quota (2024+, echoes the key)',
      {
        Information: `We have detected your API key as ${KEY} and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.`,
      },
      'daily_limit',
    ],
    [
      'daily quota (early 2024)',
      {
        Information:
          'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.',
      },
      'daily_limit',
    ],
    [
      'daily quota under Note',
      {
        Note: 'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.',
      },
      'daily_limit',
    ],
    [
      'burst',
      {
        Information:
          'Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly (1 request per second). You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day), raise the per-second burst limit, and instantly unlock all premium endpoints',
      },
      'rate_limited',
    ],
    [
      'burst (other ending)',
      {
        Information:
          'Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly (1 request per second). You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day) and instantly remove all daily rate limits.',
      },
      'rate_limited',
    ],
    [
      'legacy per-minute Note',
      {
        Note: 'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.',
      },
      'rate_limited',
    ],
    [
      'premium endpoint (Information)',
      {
        Information:
          'Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints',
      },
      'premium',
    ],
  ];

  it.each(cases)('%s becomes a typed error, never a quote', (_name, body, kind) => {
    const err = errorOf(() => parseGlobalQuote(pretty(body), 'IBM', ctx));
    expect(err.kind).toBe(kind);
    expect(err.provider).toBe('alphavantage');
    expect(classifyAvBody(body, ctx)?.kind).toBe(kind);
  });

  it('never repeats the key AV echoes in its limit message', () => {
    const body = cases.find(([name]) => name.startsWith('daily quota (2024+'))?.[1] ?? {};
    const err = errorOf(() => parseGlobalQuote(pretty(body), 'IBM', ctx));
    expect(err.message).not.toContain(KEY);
    expect(err.message).toContain('[redacted]');
    // Even a key the redactor was not told about is masked by the message's own pattern.
    const stranger = {
      Information:
        'We have detected your API key as ZZZZ9999QQQQ and our standard API rate limit is 25 requests per day.',
    };
    const other = errorOf(() => parseGlobalQuote(pretty(stranger), 'IBM', { now: NOW, redact: createRedactor() }));
    expect(other.message).not.toContain('ZZZZ9999QQQQ');
  });

  it('gives bursts and throttles a time to resume; the daily quota is left to the provider day', () => {
    const burst = classifyAvBody(cases.find(([n]) => n === 'burst')?.[1], ctx);
    expect(burst?.retryAt).toBeGreaterThan(NOW);
    const daily = classifyAvBody(cases.find(([n]) => n === 'daily quota (early 2024)')?.[1], ctx);
    expect(daily?.retryAt).toBeUndefined();
  });
});

describe('REALTIME_BULK_QUOTES', () => {
  const success = pretty({
    endpoint: 'Realtime Bulk Quotes',
    message: 'success',
    data: [
      {
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
        extended_hours_quote: '432.2',
        extended_hours_change: '-0.33',
        extended_hours_change_percent: '-0.0763',
      },
      {
        symbol: 'AAPL',
        timestamp: '2024-10-30 19:59:59.948',
        open: '232.61',
        high: '233.47',
        low: '229.55',
        close: '',
        volume: '0',
        previous_close: '233.4',
        change: '',
        change_percent: '',
        extended_hours_quote: '',
        extended_hours_change: '',
        extended_hours_change_percent: '',
      },
      { symbol: 'ZZZZ', timestamp: '2024-10-30 19:59:59.000', close: '1.0' },
    ],
  });

  it('reads the success body: unpadded strings, percent without %, New York timestamps', () => {
    const batch = parseBulkQuotes(success, ['MSFT', 'AAPL', 'IBM'], ctx);
    expect(batch.quotes).toHaveLength(1);
    expect(batch.quotes[0]).toMatchObject({
      symbol: 'MSFT',
      price: 432.53,
      changePercent: 0.1343,
      volume: 18432911,
      asOf: Date.parse('2024-10-30T23:59:58.052Z'),
    });
    // AAPL has not traded (empty close): no quote, but it is known; IBM was absent: unknown.
    expect(batch.unknown).toEqual(['IBM']);
  });

  it('never reads the artificial sample data of a premium refusal', () => {
    const refusal = pretty({
      endpoint: 'Realtime Bulk Quotes',
      message:
        'This is a premium endpoint. ***THE SAMPLE DATA SCHEMA BELOW IS ARTIFICIAL AND FOR ILLUSTRATION PURPOSES ONLY*** You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints',
      data: [{ symbol: 'XXYYZZ', timestamp: '2099-99-99 99:99:99.999', close: '100.0', previous_close: '99' }],
    });
    expect(errorOf(() => parseBulkQuotes(refusal, ['XXYYZZ'], ctx)).kind).toBe('premium');
    const demo = pretty({ message: 'This is a premium endpoint. You may subscribe to any of the premium plans.' });
    expect(errorOf(() => parseBulkQuotes(demo, ['IBM'], ctx)).kind).toBe('premium');
  });
});

describe('OVERVIEW, LISTING_STATUS, MARKET_STATUS', () => {
  it('reads shares outstanding as an absolute count and treats None/-/0 as unknown', () => {
    const body = pretty({
      Symbol: 'AAPL',
      AssetType: 'Common Stock',
      Name: 'Apple Inc',
      Exchange: 'NASDAQ',
      Currency: 'USD',
      Sector: 'TECHNOLOGY',
      MarketCapitalization: '3352782701000',
      SharesOutstanding: '15022100000',
      DividendDate: 'None',
    });
    expect(parseOverview(body, 'AAPL', ctx)).toEqual({
      symbol: 'AAPL',
      name: 'Apple Inc',
      exchange: 'NASDAQ',
      sharesOutstanding: 15022100000,
      marketCap: 3352782701000,
    });
    for (const missing of ['None', '-', '0']) {
      const p = parseOverview(pretty({ Symbol: 'X', Name: 'X Corp', SharesOutstanding: missing }), 'X', ctx);
      expect(p?.sharesOutstanding).toBeNull();
    }
    expect(parseOverview('{}', 'NOPE', ctx)).toBeNull();
  });

  it('reads the CRLF listing CSV with literal null texts and skips delisted rows', () => {
    const csv =
      'symbol,name,exchange,assetType,ipoDate,delistingDate,status\r\n' +
      'A,Agilent Technologies Inc,NYSE,Stock,1999-11-18,null,Active\r\n' +
      'AACT-U,Ares Acquisition Corporation II - Units ,NYSE,Stock,2023-04-21,null,Active\r\n' +
      'THR,Thermon Group Holdings Inc,NYSE,Stock,2011-05-05,2026-05-29,Delisted\r\n';
    expect(parseListingStatus(csv, ctx)).toEqual([
      { symbol: 'A', name: 'Agilent Technologies Inc', exchange: 'NYSE', type: 'Stock' },
      { symbol: 'AACT-U', name: 'Ares Acquisition Corporation II - Units', exchange: 'NYSE', type: 'Stock' },
    ]);
  });

  it('reads a JSON error body where CSV was expected as the error it is', () => {
    const body = pretty({
      Information: 'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day.',
    });
    expect(errorOf(() => parseListingStatus(body, ctx)).kind).toBe('daily_limit');
  });

  it('finds the United States equity market in MARKET_STATUS', () => {
    const body = pretty({
      endpoint: 'Global Market Open & Close Status',
      markets: [
        {
          market_type: 'Equity',
          region: 'United States',
          primary_exchanges: 'NASDAQ, NYSE, AMEX, BATS',
          local_open: '09:30',
          local_close: '16:15',
          current_status: 'open',
          notes: '',
        },
        {
          market_type: 'Forex',
          region: 'Global',
          primary_exchanges: 'Global',
          local_open: '00:00',
          local_close: '23:59',
          current_status: 'open',
          notes: '',
        },
      ],
    });
    expect(parseMarketStatus(body, ctx)).toEqual({ isOpen: true, session: null, holiday: null, asOf: NOW });
  });
});
