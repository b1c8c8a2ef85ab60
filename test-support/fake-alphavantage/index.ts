// A fake Alpha Vantage on 127.0.0.1: GET /query, always 200, 4-space JSON, CRLF CSV, its own limits.
import type http from 'node:http';
import type { Clock } from '../../electron/engine/clock';
import { dateIn, dayStartIn, NEW_YORK, zonedTime } from '../../electron/engine/providers/zoned-time';
import {
  createLimitCounter,
  createScenarioBox,
  emptyCounters,
  fakeQuote,
  listen,
  loadFakeUniverse,
  sendBody,
  type FakeCounters,
  type FakeRequest,
  type FakeSymbol,
  type FakeWindow,
  type Scenario,
  type ScenarioOptions,
} from '../fake-common/index';

export type FakeAlphaVantageOptions = {
  clock: Clock;
  /**
   * `free`: 1/s and 25 a day, GLOBAL_QUOTE refreshed at the end of each trading day, no bulk.
   * `premium`: a per-minute limit, no daily cap, realtime quotes and REALTIME_BULK_QUOTES.
   */
  plan?: 'free' | 'premium';
  limits?: { perSecond?: number; perMinute?: number; perDay?: number };
  /** Where the fake's day turns (AV does not document it; New York by default). */
  dayZone?: string;
  /** Keys that work; absent = any non-empty key (AV's key check is loose). */
  keys?: string[];
  universe?: Map<string, FakeSymbol>;
  /** Keep every request (function, symbols, time) for `requests()`: simulations check coverage with it. */
  logRequests?: boolean;
};

export type FakeAlphaVantage = {
  /** The full query endpoint (QUOTEDESK_ALPHAVANTAGE_URL). */
  readonly url: string;
  readonly port: number;
  counters(): FakeCounters;
  setScenario(scenario: Scenario, options?: ScenarioOptions): void;
  inFlight(): number;
  requestTimes(key: string): number[];
  /** Every request received, in order (empty unless `logRequests`). */
  requests(): readonly FakeRequest[];
  /** Symbols this fake has answered a sound quote for (bounded by the universe, unlike `requests()`). */
  servedSymbols(): ReadonlySet<string>;
  /** Requests counted against the key's current day, as the fake counts them. */
  usedToday(key: string): number;
  stop(): Promise<void>;
};

const pretty = (v: unknown) => JSON.stringify(v, null, 4);

export const AV_TEXT = {
  missingKey:
    'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.',
  invalidCall: (fn: string) =>
    `Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for ${fn}.`,
  unknownFunction: (fn: string) => `This API function (${fn}) does not exist.`,
  demo: 'The **demo** API key is for demo purposes only. Please claim your free API key at (https://www.alphavantage.co/support/#api-key) to explore our full API offerings. It takes fewer than 20 seconds.',
  daily: (key: string) =>
    `We have detected your API key as ${key} and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.`,
  burst:
    'Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly (1 request per second). You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day), raise the per-second burst limit, and instantly unlock all premium endpoints',
  perMinute:
    'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.',
  premium:
    'Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints',
  premiumBulk:
    'This is a premium endpoint. ***THE SAMPLE DATA SCHEMA BELOW IS ARTIFICIAL AND FOR ILLUSTRATION PURPOSES ONLY*** You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints',
};

const f4 = (n: number) => n.toFixed(4);

/** The latest completed trading day (weekdays; holidays are not modelled): today after 16:00 NY. */
function latestClosedDay(t: number): string {
  let day = dayStartIn(t, NEW_YORK);
  const closed = t >= zonedTime(dateIn(t, NEW_YORK), 16, 0, NEW_YORK);
  if (!closed) day = dayStartIn(day - 1, NEW_YORK);
  for (;;) {
    const wd = new Date(day + 12 * 3_600_000).getUTCDay();
    if (wd !== 0 && wd !== 6) return dateIn(day, NEW_YORK);
    day = dayStartIn(day - 1, NEW_YORK);
  }
}

export async function startFakeAlphaVantage(options: FakeAlphaVantageOptions): Promise<FakeAlphaVantage> {
  const { clock } = options;
  const plan = options.plan ?? 'free';
  const universe = options.universe ?? loadFakeUniverse();
  const dayZone = options.dayZone ?? NEW_YORK;
  const windows: FakeWindow[] =
    plan === 'free'
      ? [
          { name: '1s', limit: options.limits?.perSecond ?? 1, slidingMs: 1_000 },
          { name: 'day', limit: options.limits?.perDay ?? 25, dayZone },
        ]
      : [{ name: '60s', limit: options.limits?.perMinute ?? 75, slidingMs: 60_000 }];
  const dayWindow = windows.find((w) => 'dayZone' in w);
  const limiter = createLimitCounter(clock, windows);
  const scenarios = createScenarioBox();
  const counters = emptyCounters();
  const hanging = new Set<http.ServerResponse>();
  let inFlight = 0;
  const requestLog: FakeRequest[] = [];
  const served = new Set<string>();

  const validKey = (k: string) => (options.keys ? options.keys.includes(k) : k.length > 0);

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fn = url.searchParams.get('function') ?? '';
    counters.requests++;
    counters.byEndpoint[fn] = (counters.byEndpoint[fn] ?? 0) + 1;
    const normal: Scenario = { kind: 'normal' };
    const done = () => {
      inFlight--;
    };
    const json = (body: unknown, scenario: Scenario = normal) =>
      sendBody(res, clock, 200, 'application/json', pretty(body), scenario, {}, done);
    const csv = (rows: string[][], scenario: Scenario = normal) =>
      sendBody(
        res,
        clock,
        200,
        'application/x-download',
        rows.map((r) => r.join(',')).join('\r\n') + '\r\n',
        scenario,
        {},
        done,
      );

    if (url.pathname !== '/query') {
      return sendBody(res, clock, 404, 'text/html', '<html>Not Found</html>', normal, {}, done);
    }
    const key = url.searchParams.get('apikey') ?? '';
    if (key === '' || !validKey(key)) return json({ 'Error Message': AV_TEXT.missingKey });
    if (key === 'demo') return json({ Information: AV_TEXT.demo });
    const broke = limiter.record(key);
    if (options.logRequests) {
      const symbols = (url.searchParams.get('symbol') ?? '')
        .split(',')
        .map((x) => x.trim().toUpperCase())
        .filter((x) => x !== '');
      requestLog.push({ at: clock.now(), endpoint: fn, symbols, violation: !!broke });
    }
    if (broke) {
      counters.violations++;
      counters.refusals++;
      counters.violationsByWindow[broke.name] = (counters.violationsByWindow[broke.name] ?? 0) + 1;
      if (broke.name === 'day') return json({ Information: AV_TEXT.daily(key) });
      return json(broke.name === '1s' ? { Information: AV_TEXT.burst } : { Note: AV_TEXT.perMinute });
    }
    const scenario = scenarios.take(fn);
    switch (scenario.kind) {
      case 'hang':
        hanging.add(res);
        res.on('close', () => {
          if (hanging.delete(res)) inFlight--;
        });
        return;
      case 'status':
        return sendBody(res, clock, scenario.status, 'text/html', `<html>${scenario.status}</html>`, normal, {}, done);
      case 'rate-limit':
        counters.refusals++;
        return json({ Information: AV_TEXT.burst });
      case 'daily-limit':
        counters.refusals++;
        return json({ Information: AV_TEXT.daily(key) });
      case 'throttle-note':
        counters.refusals++;
        return json({ Note: AV_TEXT.perMinute });
      case 'unauthorized':
        return json({ 'Error Message': AV_TEXT.missingKey });
      case 'demo':
        return json({ Information: AV_TEXT.demo });
      case 'premium':
        return json(fn === 'REALTIME_BULK_QUOTES' ? bulkRefusal() : { Information: AV_TEXT.premium });
      case 'invalid-call':
        return json({ 'Error Message': AV_TEXT.invalidCall(fn) });
      case 'wrong-schema':
        return json({ 'Meta Data': { '1. Information': 'Batch Stock Market Quotes' }, 'Stock Quotes': [] });
      default:
        break;
    }
    const now = clock.now();
    const symbolParam = url.searchParams.get('symbol') ?? '';
    switch (fn) {
      case 'GLOBAL_QUOTE': {
        const s = universe.get(symbolParam.toUpperCase());
        if (symbolParam === '') return json({ 'Error Message': AV_TEXT.invalidCall(fn) });
        const wantsCsv = url.searchParams.get('datatype') === 'csv';
        if (!s)
          return wantsCsv
            ? csv(
                [
                  [
                    'symbol',
                    'open',
                    'high',
                    'low',
                    'price',
                    'volume',
                    'latestDay',
                    'previousClose',
                    'change',
                    'changePercent',
                  ],
                ],
                scenario,
              )
            : json({ 'Global Quote': {} }, scenario);
        const delayed = url.searchParams.get('entitlement') === 'delayed';
        // A free key sees the last close; a premium key sees now (15 minutes ago when delayed).
        const day = plan === 'free' ? latestClosedDay(now) : dateIn(now, NEW_YORK);
        const at = plan === 'free' ? zonedTime(day, 16, 0, NEW_YORK) : now - (delayed ? 15 * 60_000 : 0);
        const q = fakeQuote(s, at);
        if (scenario.kind === 'normal') served.add(s.symbol);
        const change = q.price - q.previousClose;
        const row = {
          '01. symbol': symbolParam,
          '02. open': f4(q.open),
          '03. high': f4(q.high),
          '04. low': f4(q.low),
          '05. price': f4(q.price),
          '06. volume': String(q.volume),
          '07. latest trading day': day,
          '08. previous close': f4(q.previousClose),
          '09. change': f4(change),
          '10. change percent': `${f4((change / q.previousClose) * 100)}%`,
        };
        if (wantsCsv) {
          return csv(
            [
              [
                'symbol',
                'open',
                'high',
                'low',
                'price',
                'volume',
                'latestDay',
                'previousClose',
                'change',
                'changePercent',
              ],
              Object.values(row),
            ],
            scenario,
          );
        }
        return json({ [delayed ? 'Global Quote - DATA DELAYED BY 15 MINUTES' : 'Global Quote']: row }, scenario);
      }
      case 'REALTIME_BULK_QUOTES': {
        if (plan === 'free') return json(bulkRefusal(), scenario);
        const stamp = new Date(now).toISOString();
        // Every row of one answer has the same time: the zone arithmetic once, not per row.
        const timestamp = `${dateIn(now, NEW_YORK)} ${nyClock(now)}.${stamp.slice(20, 23)}`;
        const data = symbolParam
          .split(',')
          .slice(0, 100)
          .map((sym) => universe.get(sym.trim().toUpperCase()))
          .filter((s): s is FakeSymbol => s !== undefined)
          .map((s) => {
            const q = fakeQuote(s, now);
            if (scenario.kind === 'normal') served.add(s.symbol);
            const change = q.price - q.previousClose;
            return {
              symbol: s.symbol,
              timestamp,
              open: String(q.open),
              high: String(q.high),
              low: String(q.low),
              close: String(q.price),
              volume: String(q.volume),
              previous_close: String(q.previousClose),
              change: String(Math.round(change * 10_000) / 10_000),
              change_percent: String(Math.round((change / q.previousClose) * 100 * 10_000) / 10_000),
              extended_hours_quote: '',
              extended_hours_change: '',
              extended_hours_change_percent: '',
            };
          });
        return json({ endpoint: 'Realtime Bulk Quotes', message: 'success', data }, scenario);
      }
      case 'OVERVIEW': {
        const s = universe.get(symbolParam.toUpperCase());
        if (!s) return json({}, scenario);
        return json(
          {
            Symbol: s.symbol,
            AssetType: 'Common Stock',
            Name: s.name,
            Description: `${s.name} does business.`,
            Exchange: s.exchange,
            Currency: 'USD',
            Country: 'USA',
            Sector: 'TECHNOLOGY',
            MarketCapitalization: s.shares === null ? 'None' : String(Math.round(s.shares * s.refPrice)),
            SharesOutstanding: s.shares === null ? 'None' : String(s.shares),
            DividendDate: 'None',
          },
          scenario,
        );
      }
      case 'LISTING_STATUS':
        return csv(
          [
            ['symbol', 'name', 'exchange', 'assetType', 'ipoDate', 'delistingDate', 'status'],
            ...[...universe.values()].map((s) => [
              s.symbol,
              s.name.replace(/,/g, ''),
              s.exchange,
              s.type === 'ETP' ? 'ETF' : 'Stock',
              `${s.ipoYear}-01-02`,
              'null',
              'Active',
            ]),
          ],
          scenario,
        );
      case 'MARKET_STATUS': {
        const minutes = (now - dayStartIn(now, NEW_YORK)) / 60_000;
        const wd = new Date(dayStartIn(now, NEW_YORK) + 12 * 3_600_000).getUTCDay();
        const open = wd !== 0 && wd !== 6 && minutes >= 570 && minutes < 975;
        return json(
          {
            endpoint: 'Global Market Open & Close Status',
            markets: [
              {
                market_type: 'Equity',
                region: 'United States',
                primary_exchanges: 'NASDAQ, NYSE, AMEX, BATS',
                local_open: '09:30',
                local_close: '16:15',
                current_status: open ? 'open' : 'closed',
                notes: '',
              },
              {
                market_type: 'Cryptocurrency',
                region: 'Global',
                primary_exchanges: 'Global',
                local_open: '00:00',
                local_close: '23:59',
                current_status: 'open',
                notes: '',
              },
            ],
          },
          scenario,
        );
      }
      case '':
        return json({ 'Error Message': AV_TEXT.invalidCall('') });
      default:
        return json({ 'Error Message': AV_TEXT.unknownFunction(fn) });
    }
  };

  const server = await listen(handler);
  return {
    url: `http://127.0.0.1:${server.port}/query`,
    port: server.port,
    counters: () => ({
      ...counters,
      byEndpoint: { ...counters.byEndpoint },
      violationsByWindow: { ...counters.violationsByWindow },
    }),
    setScenario: (s, o) => scenarios.set(s, o),
    inFlight: () => inFlight,
    requestTimes: (key) => limiter.times(key),
    requests: () => requestLog,
    servedSymbols: () => served,
    usedToday: (key) => (dayWindow ? limiter.used(key, dayWindow) : 0),
    async stop() {
      for (const r of hanging) r.destroy();
      await server.close();
    },
  };
}

function bulkRefusal() {
  return {
    endpoint: 'Realtime Bulk Quotes',
    message: AV_TEXT.premiumBulk,
    data: [
      {
        symbol: 'XXYYZZ',
        timestamp: '2099-99-99 99:99:99.999',
        open: '100.0',
        high: '101.0',
        low: '99.0',
        close: '100.5',
        volume: '12345',
        previous_close: '100.0',
        change: '0.5',
        change_percent: '0.5',
        extended_hours_quote: '100.6',
        extended_hours_change: '0.1',
        extended_hours_change_percent: '0.0995',
      },
    ],
  };
}

function nyClock(t: number): string {
  const ms = t - dayStartIn(t, NEW_YORK);
  const p = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${p(ms / 3_600_000)}:${p((ms % 3_600_000) / 60_000)}:${p((ms % 60_000) / 1000)}`;
}
