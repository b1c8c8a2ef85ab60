// A fake Finnhub (REST + WebSocket trades) on 127.0.0.1: real wire formats, its own limits, misbehaviour on demand.
import type http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock, TimerHandle } from '../../electron/engine/clock';
import { dayStartIn, NEW_YORK } from '../../electron/engine/providers/zoned-time';
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

export type FakeFinnhubOptions = {
  clock: Clock;
  /** Keys that work; absent = any non-empty key. */
  keys?: string[];
  /** The plan the fake enforces (free: 30/s and 60/min). */
  limits?: { perSecond?: number; perMinute?: number };
  /** Send `Retry-After` with limit answers (Finnhub's headers are unconfirmed; off by default). */
  retryAfterSeconds?: number;
  universe?: Map<string, FakeSymbol>;
  /** WebSocket heartbeat and trade cadence, on the fake's clock. */
  pingIntervalMs?: number;
  tradeIntervalMs?: number;
  /** Symbols one connection may hold (folklore says 50 on the free plan). */
  wsSymbolCap?: number;
  /** Keep every request (endpoint, symbols, time) for `requests()`: simulations check coverage with it. */
  logRequests?: boolean;
};

export type FakeFinnhubCounters = FakeCounters & {
  ws: {
    connections: number;
    /** Connections opened so far (reconnects included). */
    opened: number;
    subscribeMessages: number;
    unsubscribeMessages: number;
    /** Subscriptions asked beyond the cap (a client must never do this). */
    capViolations: number;
    framesSent: number;
  };
};

type Conn = { ws: WebSocket; token: string; symbols: Set<string>; silent: boolean };

export type FakeFinnhub = {
  /** The REST base, like https://finnhub.io/api/v1 (QUOTEDESK_FINNHUB_URL). */
  readonly url: string;
  /** The WebSocket URL without the token (QUOTEDESK_FINNHUB_WS_URL). */
  readonly wsUrl: string;
  readonly port: number;
  counters(): FakeFinnhubCounters;
  setScenario(scenario: Scenario, options?: ScenarioOptions): void;
  /** Requests being answered right now (a hanging one stays here until stop). */
  inFlight(): number;
  /** Arrival times of every request for a key, in the fake's clock. */
  requestTimes(key: string): number[];
  /** Every request received, in order (empty unless `logRequests`). */
  requests(): readonly FakeRequest[];
  /** Symbols this fake has answered a sound quote for (bounded by the universe, unlike `requests()`). */
  servedSymbols(): ReadonlySet<string>;
  /** Symbols each open WebSocket connection is subscribed to. */
  subscriptions(): string[][];
  /** Cuts every WebSocket connection without a close frame. */
  dropWebSockets(): void;
  /** Open connections stop receiving anything (a silent, half-open drop); new ones are normal. */
  silenceWebSockets(): void;
  /** Pushes one trade to every connection subscribed to `symbol`. */
  pushTrade(symbol: string, price: number, volume?: number): void;
  stop(): Promise<void>;
};

const US_HOLIDAYS = [
  { eventName: 'Christmas Day', atDate: '2026-12-25', tradingHour: '' },
  { eventName: 'Thanksgiving Day', atDate: '2026-11-26', tradingHour: '' },
  { eventName: 'Independence Day', atDate: '2026-07-03', tradingHour: '' },
  { eventName: 'Christmas Day', atDate: '2025-12-25', tradingHour: '' },
  { eventName: 'Christmas Eve', atDate: '2025-12-24', tradingHour: '09:30-13:00' },
  { eventName: 'Thanksgiving Day', atDate: '2025-11-27', tradingHour: '' },
];

function session(t: number): { isOpen: boolean; session: string | null } {
  const minutes = (t - dayStartIn(t, NEW_YORK)) / 60_000;
  const weekday = new Date(dayStartIn(t, NEW_YORK) + 12 * 3_600_000).getUTCDay();
  if (weekday === 0 || weekday === 6) return { isOpen: false, session: null };
  if (minutes >= 240 && minutes < 570) return { isOpen: true, session: 'pre-market' };
  if (minutes >= 570 && minutes < 960) return { isOpen: true, session: 'regular' };
  if (minutes >= 960 && minutes < 1200) return { isOpen: true, session: 'post-market' };
  return { isOpen: false, session: null };
}

export async function startFakeFinnhub(options: FakeFinnhubOptions): Promise<FakeFinnhub> {
  const { clock } = options;
  const universe = options.universe ?? loadFakeUniverse();
  const windows: FakeWindow[] = [
    { name: '1s', limit: options.limits?.perSecond ?? 30, slidingMs: 1_000 },
    { name: '60s', limit: options.limits?.perMinute ?? 60, slidingMs: 60_000 },
  ];
  const limiter = createLimitCounter(clock, windows);
  const scenarios = createScenarioBox();
  const counters = emptyCounters();
  const ws = {
    connections: 0,
    opened: 0,
    subscribeMessages: 0,
    unsubscribeMessages: 0,
    capViolations: 0,
    framesSent: 0,
  };
  const hanging = new Set<http.ServerResponse>();
  let inFlight = 0;
  const cap = options.wsSymbolCap ?? 50;
  const requestLog: FakeRequest[] = [];
  const served = new Set<string>();

  const validKey = (k: string) => (options.keys ? options.keys.includes(k) : k.length > 0);

  const json = (res: http.ServerResponse, status: number, body: unknown, scenario: Scenario, headers = {}) => {
    sendBody(res, clock, status, 'application/json; charset=utf-8', JSON.stringify(body), scenario, headers, () => {
      inFlight--;
    });
  };

  const limitAnswer = (res: http.ServerResponse, scenario: Scenario, retryAfter: number | undefined) => {
    counters.refusals++;
    json(res, 429, { error: 'API limit reached. Please try again later. Remaining Limit: 0' }, scenario, {
      ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
    });
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const endpoint = url.pathname.replace(/^\/api\/v1/, '');
    counters.requests++;
    counters.byEndpoint[endpoint] = (counters.byEndpoint[endpoint] ?? 0) + 1;
    const headerToken = req.headers['x-finnhub-token'];
    const token = url.searchParams.get('token') ?? (typeof headerToken === 'string' ? headerToken : '');
    const normal: Scenario = { kind: 'normal' };
    if (!url.pathname.startsWith('/api/v1/')) return json(res, 404, { error: 'Not found' }, normal);
    if (token === '') return json(res, 401, { error: 'Please use an API key.' }, normal);
    if (!validKey(token)) return json(res, 401, { error: 'Invalid API key.' }, normal);
    const broke = limiter.record(token);
    if (options.logRequests) {
      const symbol = url.searchParams.get('symbol');
      requestLog.push({ at: clock.now(), endpoint, symbols: symbol ? [symbol.toUpperCase()] : [], violation: !!broke });
    }
    if (broke) {
      counters.violations++;
      counters.violationsByWindow[broke.name] = (counters.violationsByWindow[broke.name] ?? 0) + 1;
      return limitAnswer(res, normal, options.retryAfterSeconds);
    }
    const scenario = scenarios.take(endpoint);
    switch (scenario.kind) {
      case 'hang':
        hanging.add(res);
        res.on('close', () => {
          if (hanging.delete(res)) inFlight--;
        });
        return;
      case 'status':
        return sendBody(res, clock, scenario.status, 'text/html', `<html>${scenario.status}</html>`, normal, {}, () => {
          inFlight--;
        });
      case 'rate-limit':
      case 'daily-limit':
        return limitAnswer(res, normal, scenario.kind === 'rate-limit' ? scenario.retryAfterSeconds : undefined);
      case 'unauthorized':
      case 'demo':
        return json(res, 401, { error: 'Invalid API key.' }, normal);
      case 'premium':
        return json(res, 403, { error: "You don't have access to this resource." }, normal);
      case 'invalid-call':
        return json(res, 422, { error: 'Wrong parameters.' }, normal);
      case 'wrong-schema':
        if (endpoint === '/quote' && scenario.variant !== undefined && scenario.variant !== 'envelope') break;
        return json(res, 200, { status: 'ok', result: { price: '1.00' } }, normal);
      default:
        break;
    }
    const now = clock.now();
    const symbol = (url.searchParams.get('symbol') ?? '').toUpperCase();
    const known = universe.get(symbol);
    switch (endpoint) {
      case '/quote': {
        if (!known) return json(res, 200, { c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 }, scenario);
        const q = fakeQuote(known, now);
        if (scenario.kind === 'normal') served.add(known.symbol);
        const d = Math.round((q.price - q.previousClose) * 10_000) / 10_000;
        const body: Record<string, number> = {
          c: q.price,
          d,
          dp: Math.round((d / q.previousClose) * 100 * 10_000) / 10_000,
          h: q.high,
          l: q.low,
          o: q.open,
          pc: q.previousClose,
          t: Math.floor(now / 1000),
        };
        if (scenario.kind === 'wrong-schema') {
          // Same keys, strings instead of JSON numbers (PROVIDERS.md §2.1 promises numbers).
          const garbage = scenario.variant === 'garbage-strings';
          return json(
            res,
            200,
            Object.fromEntries(Object.entries(body).map(([k, v]) => [k, garbage ? 'n/a' : String(v)])),
            normal,
          );
        }
        return json(res, 200, body, scenario);
      }
      case '/stock/profile2': {
        if (!known) return json(res, 200, {}, scenario);
        return json(
          res,
          200,
          {
            country: 'US',
            currency: 'USD',
            estimateCurrency: 'USD',
            exchange: known.exchange,
            finnhubIndustry: 'Technology',
            ipo: `${known.ipoYear}-01-02`,
            logo: `https://static2.finnhub.io/file/publicdatany/finnhubimage/stock_logo/${known.symbol}.png`,
            marketCapitalization: known.shares === null ? 0 : (known.shares * known.refPrice) / 1e6,
            name: known.name,
            phone: '15555550100',
            shareOutstanding: known.shares === null ? 0 : known.shares / 1e6,
            ticker: known.symbol,
            weburl: 'https://example.invalid/',
          },
          scenario,
        );
      }
      case '/stock/symbol':
        return json(
          res,
          200,
          [...universe.values()].map((s) => ({
            currency: 'USD',
            description: s.name.toUpperCase(),
            displaySymbol: s.symbol,
            figi: 'BBG000000000',
            isin: null,
            mic: s.mic,
            shareClassFIGI: 'BBG000000001',
            symbol: s.symbol,
            symbol2: '',
            type: s.type,
          })),
          scenario,
        );
      case '/stock/market-status':
        return json(
          res,
          200,
          { exchange: 'US', holiday: null, ...session(now), t: Math.floor(now / 1000), timezone: 'America/New_York' },
          scenario,
        );
      case '/stock/market-holiday':
        return json(res, 200, { data: US_HOLIDAYS, exchange: 'US', timezone: 'America/New_York' }, scenario);
      case '/search': {
        const q = (url.searchParams.get('q') ?? '').toUpperCase();
        const result = [...universe.values()]
          .filter((s) => q !== '' && (s.symbol.startsWith(q) || s.name.toUpperCase().includes(q)))
          .slice(0, 10)
          .map((s) => ({ description: s.name.toUpperCase(), displaySymbol: s.symbol, symbol: s.symbol, type: s.type }));
        return json(res, 200, { count: result.length, result }, scenario);
      }
      default:
        return json(res, 404, { error: 'Not found' }, normal);
    }
  };

  const http_ = await listen(handler);
  const wss = new WebSocketServer({ noServer: true });
  const conns = new Set<Conn>();
  let pingTimer: TimerHandle | undefined;
  let tradeTimer: TimerHandle | undefined;

  const send = (c: Conn, frame: unknown) => {
    if (c.silent || c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(JSON.stringify(frame));
    ws.framesSent++;
  };

  const armTimers = () => {
    if (conns.size === 0) return;
    if (!pingTimer) {
      const ping = () => {
        pingTimer = undefined;
        for (const c of conns) send(c, { type: 'ping' });
        if (conns.size > 0) pingTimer = clock.setTimeout(ping, options.pingIntervalMs ?? 15_000);
      };
      pingTimer = clock.setTimeout(ping, options.pingIntervalMs ?? 15_000);
    }
    if (!tradeTimer) {
      const tick = () => {
        tradeTimer = undefined;
        const now = clock.now();
        for (const c of conns) {
          const data = [...c.symbols]
            .map((s) => universe.get(s))
            .filter((s): s is FakeSymbol => s !== undefined)
            .map((s) => ({ c: ['1', '12'], p: fakeQuote(s, now).price, s: s.symbol, t: now, v: 100 }));
          if (data.length > 0) send(c, { data, type: 'trade' });
        }
        if (conns.size > 0) tradeTimer = clock.setTimeout(tick, options.tradeIntervalMs ?? 1_000);
      };
      tradeTimer = clock.setTimeout(tick, options.tradeIntervalMs ?? 1_000);
    }
  };

  http_.server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    if (url.pathname !== '/ws' || !validKey(token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (socketWs) => {
      const conn: Conn = { ws: socketWs, token, symbols: new Set(), silent: false };
      conns.add(conn);
      ws.opened++;
      ws.connections = conns.size;
      socketWs.on('message', (raw: Buffer) => {
        let msg: unknown;
        try {
          msg = JSON.parse(raw.toString('utf8'));
        } catch {
          return;
        }
        if (typeof msg !== 'object' || msg === null) return;
        const { type, symbol } = msg as { type?: unknown; symbol?: unknown };
        if (typeof symbol !== 'string') return;
        const sym = symbol.toUpperCase();
        if (type === 'subscribe') {
          ws.subscribeMessages++;
          if (!conn.symbols.has(sym) && conn.symbols.size >= cap) {
            ws.capViolations++;
            return;
          }
          conn.symbols.add(sym);
        } else if (type === 'unsubscribe') {
          ws.unsubscribeMessages++;
          conn.symbols.delete(sym);
        }
      });
      socketWs.on('close', () => {
        conns.delete(conn);
        ws.connections = conns.size;
      });
      armTimers();
    });
  });

  const base = `http://127.0.0.1:${http_.port}`;
  return {
    url: `${base}/api/v1`,
    wsUrl: `ws://127.0.0.1:${http_.port}/ws`,
    port: http_.port,
    counters: () => ({
      ...counters,
      byEndpoint: { ...counters.byEndpoint },
      violationsByWindow: { ...counters.violationsByWindow },
      ws: { ...ws },
    }),
    setScenario: (s, o) => scenarios.set(s, o),
    inFlight: () => inFlight,
    requestTimes: (key) => limiter.times(key),
    requests: () => requestLog,
    servedSymbols: () => served,
    subscriptions: () => [...conns].map((c) => [...c.symbols].sort()),
    dropWebSockets() {
      for (const c of conns) c.ws.terminate();
    },
    silenceWebSockets() {
      for (const c of conns) c.silent = true;
    },
    pushTrade(symbol, price, volume = 100) {
      const now = clock.now();
      for (const c of conns) {
        if (c.symbols.has(symbol)) send(c, { data: [{ p: price, s: symbol, t: now, v: volume }], type: 'trade' });
      }
    },
    async stop() {
      clock.clearTimeout(pingTimer);
      clock.clearTimeout(tradeTimer);
      for (const c of conns) c.ws.terminate();
      for (const r of hanging) r.destroy();
      wss.close();
      await http_.close();
    },
  };
}
