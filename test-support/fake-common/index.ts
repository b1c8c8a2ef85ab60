// Pieces both fake providers share: the priced universe, limit counting in simulated time, scenarios.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { parseCsvRecords } from '../../shared/csv';
import type { Clock } from '../../electron/engine/clock';
import { dateIn, dayStartIn, NEW_YORK } from '../../electron/engine/providers/zoned-time';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEFAULT_UNIVERSE_FILES = [
  path.join(REPO_ROOT, 'resources', 'universe', 'us-stocks.csv'),
  path.join(REPO_ROOT, 'resources', 'universe', 'index-proxies.csv'),
];

export type FakeSymbol = {
  symbol: string;
  name: string;
  exchange: string;
  mic: string;
  type: string;
  refPrice: number;
  avgVolume: number;
  /** Absolute share count (market cap / price from the universe file), or null. */
  shares: number | null;
  ipoYear: string;
};

let cachedUniverse: Map<string, FakeSymbol> | undefined;

/** The shipped universe (all symbols) with the reference prices the fakes quote around. */
export function loadFakeUniverse(files: string[] = DEFAULT_UNIVERSE_FILES): Map<string, FakeSymbol> {
  if (files === DEFAULT_UNIVERSE_FILES && cachedUniverse) return cachedUniverse;
  const out = new Map<string, FakeSymbol>();
  for (const file of files) {
    for (const r of parseCsvRecords(fs.readFileSync(file, 'utf8'))) {
      const symbol = (r.symbol ?? '').trim().toUpperCase();
      const refPrice = Number(r.last_price);
      if (!symbol || !(refPrice > 0)) continue;
      const cap = Number(r.market_cap_usd);
      out.set(symbol, {
        symbol,
        name: (r.name ?? symbol).trim(),
        exchange: (r.exchange ?? 'NASDAQ').trim(),
        mic: (r.mic ?? 'XNAS').trim(),
        type: r.security_type === 'etf' ? 'ETP' : 'Common Stock',
        refPrice,
        avgVolume: Number(r.avg_volume) || 100_000,
        shares: cap > 0 ? Math.round(cap / refPrice) : null,
        ipoYear: (r.ipo_year ?? '').trim() || '2000',
      });
    }
  }
  if (files === DEFAULT_UNIVERSE_FILES) cachedUniverse = out;
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

export type FakeQuote = {
  price: number;
  open: number;
  high: number;
  low: number;
  previousClose: number;
  volume: number;
  /** Latest trading day, New York `YYYY-MM-DD`. */
  day: string;
  /** When this price was "traded", epoch ms. */
  t: number;
};

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

/** The New York day of the last instant asked: a bulk answer prices a hundred symbols at one time. */
let lastDay: { t: number; start: number; date: string } | undefined;
function nyDayOf(t: number): { start: number; date: string } {
  if (lastDay?.t !== t) lastDay = { t, start: dayStartIn(t, NEW_YORK), date: dateIn(t, NEW_YORK) };
  return lastDay;
}

/** A deterministic intraday path around the reference price: the same symbol and time give the same quote. */
export function fakeQuote(s: FakeSymbol, t: number): FakeQuote {
  const phase = hash(s.symbol) * 2 * Math.PI;
  const { start: dayStart, date } = nyDayOf(t);
  const hours = (t - dayStart) / 3_600_000;
  const digits = s.refPrice >= 1 ? 2 : 4;
  const previousClose = round(s.refPrice, digits);
  const at = (h: number) =>
    Math.max(1e-4, round(s.refPrice * (1 + 0.01 * Math.sin(phase) + 0.02 * Math.sin(phase + h / 1.7)), digits));
  const open = at(9.5);
  const price = at(Math.max(hours, 9.5));
  const share = Math.min(1, Math.max(0, (hours - 9.5) / 6.5));
  return {
    price,
    open,
    high: round(Math.max(open, price) * 1.003, digits),
    low: Math.max(1e-4, round(Math.min(open, price) * 0.997, digits)),
    previousClose,
    volume: Math.round(s.avgVolume * (0.05 + 0.95 * share)),
    day: date,
    t,
  };
}

/** A plan window as a fake provider counts it: sliding (`any N ms`) or a calendar day in a zone. */
export type FakeWindow = { name: string; limit: number } & ({ slidingMs: number } | { dayZone: string });

/**
 * Counts requests per key the way the provider does, in the clock's (simulated) time, and says
 * which window a request broke. Every request received counts, refused ones too.
 */
export function createLimitCounter(clock: Clock, windows: FakeWindow[]) {
  const log = new Map<string, number[]>();
  return {
    /** Records a request now; returns the first window it broke, or null. */
    record(key: string): FakeWindow | null {
      const now = clock.now();
      let times = log.get(key);
      if (!times) {
        times = [];
        log.set(key, times);
      }
      times.push(now);
      // Keep two days: enough for every window a plan can have.
      if (times.length > 4096 && times[0]! < now - 2 * 86_400_000) {
        log.set(key, (times = times.filter((t) => t >= now - 2 * 86_400_000)));
      }
      for (const w of windows) {
        const from = 'slidingMs' in w ? now - w.slidingMs : dayStartIn(now, w.dayZone) - 1;
        let n = 0;
        for (let i = times.length - 1; i >= 0 && times[i]! > from; i--) n++;
        if (n > w.limit) return w;
      }
      return null;
    },
    used(key: string, w: FakeWindow): number {
      const now = clock.now();
      const from = 'slidingMs' in w ? now - w.slidingMs : dayStartIn(now, w.dayZone) - 1;
      return (log.get(key) ?? []).filter((t) => t > from).length;
    },
    /** Every request time, for tests that check spacing themselves. */
    times: (key: string) => [...(log.get(key) ?? [])],
  };
}

export type Scenario =
  | { kind: 'normal' }
  /** 5xx (or any status) with a short body. */
  | { kind: 'status'; status: number }
  /** Over a limit, as the provider says it (Finnhub 429 + Retry-After, AV burst Information). */
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  /** Alpha Vantage's daily-quota Information (it echoes the key). */
  | { kind: 'daily-limit' }
  /** Never answers (the client must time out). */
  | { kind: 'hang' }
  /** Headers and half the body at once, the rest after `delayMs` on the fake's clock. */
  | { kind: 'slow-body'; delayMs: number }
  | { kind: 'truncated' }
  /**
   * A body that is not the provider's format. `envelope` (default): valid JSON of another shape.
   * Finnhub `/quote` only: `numeric-strings` sends every number as a decimal string ("189.95"),
   * `garbage-strings` sends them as text that is no number ("n/a").
   */
  | { kind: 'wrong-schema'; variant?: 'envelope' | 'numeric-strings' | 'garbage-strings' }
  /** Alpha Vantage's legacy per-minute throttle, under `Note` (2018-2023 wording). */
  | { kind: 'throttle-note' }
  | { kind: 'unauthorized' }
  | { kind: 'premium' }
  | { kind: 'demo' }
  | { kind: 'invalid-call' };

export type ScenarioOptions = {
  /** Apply to this many requests, then back to normal (default: until changed). */
  times?: number;
  /** Only requests whose endpoint (path or AV function) is this one. */
  endpoint?: string;
};

export function createScenarioBox() {
  let current: { scenario: Scenario; left: number; endpoint?: string } = {
    scenario: { kind: 'normal' },
    left: Infinity,
  };
  return {
    set(scenario: Scenario, options: ScenarioOptions = {}) {
      current = {
        scenario,
        left: options.times ?? Infinity,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      };
    },
    /** The scenario for one request to `endpoint` (consumes one of `times`). */
    take(endpoint: string): Scenario {
      if (current.scenario.kind === 'normal') return current.scenario;
      if (current.endpoint !== undefined && current.endpoint !== endpoint) return { kind: 'normal' };
      if (current.left <= 0) return { kind: 'normal' };
      current.left--;
      return current.scenario;
    },
  };
}

export type FakeCounters = {
  /** Every HTTP request received. */
  requests: number;
  byEndpoint: Record<string, number>;
  /** Requests that broke one of the plan's windows (counted in the clock's time). */
  violations: number;
  violationsByWindow: Record<string, number>;
  /** Answers that said "limit reached" (violations and scenario-made ones). */
  refusals: number;
};

/** One request as a fake provider received it (kept when `logRequests` is on). */
export type FakeRequest = {
  /** Arrival, in the fake's clock. */
  at: number;
  endpoint: string;
  /** The symbols it asked for (a bulk call asks for several). */
  symbols: string[];
  /** It broke one of the plan's windows. */
  violation: boolean;
};

export function emptyCounters(): FakeCounters {
  return { requests: 0, byEndpoint: {}, violations: 0, violationsByWindow: {}, refusals: 0 };
}

/** An HTTP server on 127.0.0.1, any free port, that can be closed even with hanging requests. */
export async function listen(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ server: http.Server; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a body per the scenario: whole, cut short, or half now and half later on the clock. */
export function sendBody(
  res: http.ServerResponse,
  clock: Clock,
  status: number,
  contentType: string,
  body: string,
  scenario: Scenario,
  headers: Record<string, string> = {},
  onDone: () => void = () => undefined,
): void {
  res.writeHead(status, { 'content-type': contentType, ...headers });
  if (scenario.kind === 'truncated') {
    res.end(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    onDone();
    return;
  }
  if (scenario.kind === 'slow-body') {
    const half = Math.floor(body.length / 2);
    res.write(body.slice(0, half));
    clock.setTimeout(() => {
      if (!res.destroyed) res.end(body.slice(half));
      onDone();
    }, scenario.delayMs);
    return;
  }
  res.end(body);
  onDone();
}
