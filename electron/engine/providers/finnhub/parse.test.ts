import { describe, expect, it } from 'vitest';
import { rejectReason } from '../../quote-service';
import { createRedactor } from '../redact';
import { ProviderError } from '../types';
import {
  classifyFinnhubStatus,
  parseFinnhubHolidays,
  parseFinnhubMarketStatus,
  parseFinnhubProfile,
  parseFinnhubQuote,
  parseFinnhubSearch,
  parseFinnhubSymbols,
  parseStreamFrame,
  retryAfterAt,
  type FhParseContext,
} from './parse';

const NOW = Date.parse('2025-07-21T14:00:00Z');
const ctx: FhParseContext = { now: NOW, redact: createRedactor(['d1fhkeyfhkey']) };

function errorOf(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

describe('/quote', () => {
  // A real-shaped body: JSON numbers, keys alphabetical, t in seconds.
  const body = '{"c":211.18,"d":1.16,"dp":0.5523,"h":211.79,"l":209.7045,"o":210.95,"pc":210.02,"t":1753041600}';

  it('reads the documented fields; volume is null because /quote has none', () => {
    const batch = parseFinnhubQuote(body, 'AAPL', ctx);
    expect(batch.quotes).toEqual([
      {
        symbol: 'AAPL',
        price: 211.18,
        change: 1.16,
        changePercent: 0.5523,
        open: 210.95,
        high: 211.79,
        low: 209.7045,
        previousClose: 210.02,
        volume: null,
        asOf: 1753041600_000,
      },
    ]);
    expect(rejectReason(batch.quotes[0]!)).toBeNull();
  });

  it('treats the all-zero body (d and dp null) as an unknown symbol', () => {
    const zero = '{"c":0,"d":null,"dp":null,"h":0,"l":0,"o":0,"pc":0,"t":0}';
    expect(parseFinnhubQuote(zero, 'NOPE', ctx)).toEqual({ quotes: [], unknown: ['NOPE'] });
    // The 2020 form without d/dp.
    expect(parseFinnhubQuote('{"c":0,"h":0,"l":0,"o":0,"pc":0,"t":0}', 'NOPE', ctx).unknown).toEqual(['NOPE']);
    expect(parseFinnhubQuote('{"error":"Symbol not supported."}', 'X.Y', ctx).unknown).toEqual(['X.Y']);
  });

  it('computes change from the previous close in the pre-2021 form and nulls zero open/high/low', () => {
    const old = '{"c":10.5,"h":0,"l":0,"o":0,"pc":10,"t":1753041600}';
    const [q] = parseFinnhubQuote(old, 'OLD', ctx).quotes;
    expect(q).toMatchObject({ price: 10.5, change: 0.5, changePercent: 5, open: null, high: null, low: null });
  });

  it('rejects a wrong schema and truncated JSON as malformed', () => {
    expect(errorOf(() => parseFinnhubQuote('{"price":1}', 'A', ctx)).kind).toBe('malformed');
    expect(errorOf(() => parseFinnhubQuote('{"c":"abc","pc":1,"t":1}', 'A', ctx)).kind).toBe('malformed');
    expect(errorOf(() => parseFinnhubQuote(body.slice(0, 20), 'A', ctx)).kind).toBe('malformed');
    expect(errorOf(() => parseFinnhubQuote('{"c":-5,"pc":3,"t":1753041600}', 'A', ctx)).kind).toBe('malformed');
  });
});

describe('status errors', () => {
  it('maps 401, 403, 429 and 5xx bodies to typed errors', () => {
    expect(classifyFinnhubStatus(401, '{"error":"Please use an API key."}', null, ctx)?.kind).toBe('auth');
    expect(classifyFinnhubStatus(401, '{"error":"Invalid API key."}', null, ctx)?.message).toContain(
      'Invalid API key.',
    );
    expect(classifyFinnhubStatus(403, '{"error":"You don\'t have access to this resource."}', null, ctx)?.kind).toBe(
      'premium',
    );
    const limited = classifyFinnhubStatus(
      429,
      '{"error":"API limit reached. Please try again later. Remaining Limit: 0"}',
      '7',
      ctx,
    );
    expect(limited?.kind).toBe('rate_limited');
    expect(limited?.retryAt).toBe(NOW + 7000);
    expect(classifyFinnhubStatus(429, '{"error":"API limit reached."}', null, ctx)?.retryAt).toBeUndefined();
    expect(classifyFinnhubStatus(502, '<html>bad gateway</html>', null, ctx)?.kind).toBe('server');
    expect(classifyFinnhubStatus(200, '{}', null, ctx)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterAt('2', NOW)).toBe(NOW + 2000);
    expect(retryAfterAt(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(NOW + 30_000);
    expect(retryAfterAt('soon', NOW)).toBeUndefined();
  });
});

describe('reference endpoints', () => {
  it('reads profile2 with market cap and shares in millions; {} is unknown', () => {
    const body = JSON.stringify({
      country: 'US',
      currency: 'USD',
      estimateCurrency: 'USD',
      exchange: 'NASDAQ NMS - GLOBAL MARKET',
      finnhubIndustry: 'Technology',
      ipo: '1980-12-12',
      logo: 'https://static2.finnhub.io/file/publicdatany/finnhubimage/stock_logo/AAPL.png',
      marketCapitalization: 3154147.73,
      name: 'Apple Inc',
      phone: '14089961010',
      shareOutstanding: 14935.83,
      ticker: 'AAPL',
      weburl: 'https://www.apple.com/',
    });
    const p = parseFinnhubProfile(body, 'AAPL', ctx);
    expect(p).toMatchObject({ symbol: 'AAPL', name: 'Apple Inc', sharesOutstanding: 14_935_830_000 });
    expect(p?.marketCap).toBeCloseTo(3_154_147_730_000, -3);
    expect(parseFinnhubProfile('{}', 'NOPE', ctx)).toBeNull();
  });

  it('reads /stock/symbol rows (current and 2020 forms)', () => {
    const body =
      '[{"currency":"USD","description":"NORTECH SYSTEMS INC","displaySymbol":"NSYS","figi":"BBG000BFV339","isin":null,"mic":"XNAS","shareClassFIGI":"BBG001S6XGN6","symbol":"NSYS","symbol2":"","type":"Common Stock"},' +
      '{"description":"AGILENT TECHNOLOGIES INC","displaySymbol":"A","symbol":"A"}]';
    expect(parseFinnhubSymbols(body, ctx)).toEqual([
      { symbol: 'NSYS', name: 'NORTECH SYSTEMS INC', exchange: 'XNAS', type: 'Common Stock' },
      { symbol: 'A', name: 'AGILENT TECHNOLOGIES INC', exchange: 'US', type: 'Common Stock' },
    ]);
  });

  it('reads market status, holidays and search', () => {
    const status =
      '{"exchange":"US","holiday":null,"isOpen":false,"session":null,"t":1753077270,"timezone":"America/New_York"}';
    expect(parseFinnhubMarketStatus(status, ctx)).toEqual({
      isOpen: false,
      session: null,
      holiday: null,
      asOf: 1753077270_000,
    });
    const open =
      '{"exchange":"US","holiday":null,"isOpen":true,"session":"pre-market","t":1753077270,"timezone":"America/New_York"}';
    expect(parseFinnhubMarketStatus(open, ctx).session).toBe('pre-market');
    const holidays =
      '{"data":[{"eventName":"Christmas Day","atDate":"2026-12-25","tradingHour":""},{"eventName":"Christmas Eve","atDate":"2025-12-24","tradingHour":"09:30-13:00"}],"exchange":"US","timezone":"America/New_York"}';
    expect(parseFinnhubHolidays(holidays, ctx)).toEqual([
      { date: '2026-12-25', name: 'Christmas Day', tradingHours: null },
      { date: '2025-12-24', name: 'Christmas Eve', tradingHours: '09:30-13:00' },
    ]);
    const search =
      '{"count":1,"result":[{"description":"APPLE INC","displaySymbol":"AAPL","symbol":"AAPL","type":"Common Stock"}]}';
    expect(parseFinnhubSearch(search, ctx)).toEqual([
      { symbol: 'AAPL', displaySymbol: 'AAPL', description: 'APPLE INC', type: 'Common Stock' },
    ]);
  });
});

describe('WebSocket frames', () => {
  it('reads batched trades with and without conditions; t is in milliseconds', () => {
    const frame =
      '{"data":[{"c":["1","8","24","12"],"p":122.1,"s":"TSLA","t":1672348887195,"v":1},{"p":7296.89,"s":"BINANCE:BTCUSDT","t":1575526691134,"v":0.011467}],"type":"trade"}';
    expect(parseStreamFrame(frame, ctx.redact)).toEqual({
      type: 'trade',
      trades: [
        { symbol: 'TSLA', price: 122.1, time: 1672348887195, volume: 1 },
        { symbol: 'BINANCE:BTCUSDT', price: 7296.89, time: 1575526691134, volume: 0.011467 },
      ],
    });
  });

  it('reads pings and drops what it cannot read', () => {
    expect(parseStreamFrame('{"type":"ping"}', ctx.redact)).toEqual({ type: 'ping' });
    expect(parseStreamFrame('{"type":"trade","data":[{"p":0,"s":"X","t":1,"v":1}]}', ctx.redact)).toEqual({
      type: 'trade',
      trades: [],
    });
    expect(parseStreamFrame('not json', ctx.redact)).toEqual({ type: 'other' });
  });
});
