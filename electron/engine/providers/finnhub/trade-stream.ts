// Finnhub's WebSocket trade stream: subscriptions within a cap, heartbeat watchdog, reconnect + resubscribe.
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { Clock, TimerHandle } from '../../clock';
import type { Logger } from '../../logger';
import { createRedactor } from '../redact';
import { parseStreamFrame, type Trade } from './parse';

/** What the stream needs of a WebSocket: Node 22's global WebSocket satisfies it. */
export type WebSocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
};

export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export type TradeStreamStatus = {
  state: StreamState;
  /** Symbols asked for and kept (at most `cap`). */
  symbols: string[];
  cap: number;
  /** Connections opened after a drop. */
  reconnects: number;
  lastMessageAt: number | null;
  lastTradeAt: number | null;
  /** Next reconnect attempt (epoch ms), when reconnecting. */
  retryAt: number | null;
};

export type TradeStreamOptions = {
  /** QUOTEDESK_FINNHUB_WS_URL; the key is added as `?token=`. */
  url: string;
  key: string;
  clock: Clock;
  logger: Logger;
  /** Symbols one key may stream at once (about 50 on the free plan). */
  symbolCap?: number;
  /** No frame at all (Finnhub pings idle connections) for this long means a silent drop. */
  idleTimeoutMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  connect?: (url: string) => WebSocketLike;
  onTrades: (trades: Trade[]) => void;
  onStatus?: (status: TradeStreamStatus) => void;
};

export type TradeStream = {
  /** Streams these symbols (the first `cap` of them); returns the ones kept and the ones refused. */
  setSymbols(symbols: string[]): { streaming: string[]; refused: string[] };
  status(): TradeStreamStatus;
  close(): void;
};

const OPEN = 1;

export function createTradeStream(options: TradeStreamOptions): TradeStream {
  const { clock, logger } = options;
  const cap = options.symbolCap ?? 50;
  const idleMs = options.idleTimeoutMs ?? 90_000;
  const redact = createRedactor([options.key]);
  const connect = options.connect ?? ((url: string) => new WebSocket(url));
  const backoffs = new ExponentialBackoff({
    initialDelay: options.reconnectInitialMs ?? 1_000,
    maxDelay: options.reconnectMaxMs ?? 60_000,
  });
  let backoff: IBackoff<unknown> | undefined;
  let desired: string[] = [];
  let socket: WebSocketLike | undefined;
  /** Symbols subscribed on the current connection. */
  const subscribed = new Set<string>();
  let state: StreamState = 'idle';
  let reconnects = 0;
  let connections = 0;
  let lastMessageAt: number | null = null;
  let lastTradeAt: number | null = null;
  let retryAt: number | null = null;
  let watchdog: TimerHandle | undefined;
  let retryTimer: TimerHandle | undefined;
  let closed = false;

  const status = (): TradeStreamStatus => ({
    state,
    symbols: [...desired],
    cap,
    reconnects,
    lastMessageAt,
    lastTradeAt,
    retryAt,
  });
  const setState = (s: StreamState) => {
    if (s === state) return;
    state = s;
    options.onStatus?.(status());
  };

  const send = (frame: { type: 'subscribe' | 'unsubscribe'; symbol: string }) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  };

  /** Brings the connection's subscriptions to the desired set, one message per symbol. */
  const sync = () => {
    if (socket?.readyState !== OPEN) return;
    const want = new Set(desired);
    for (const s of [...subscribed]) {
      if (!want.has(s)) {
        send({ type: 'unsubscribe', symbol: s });
        subscribed.delete(s);
      }
    }
    for (const s of desired) {
      if (!subscribed.has(s)) {
        send({ type: 'subscribe', symbol: s });
        subscribed.add(s);
      }
    }
  };

  const armWatchdog = () => {
    clock.clearTimeout(watchdog);
    watchdog = clock.setTimeout(() => {
      logger.warn({ idleMs }, 'finnhub stream silent: reconnecting');
      drop();
    }, idleMs);
  };

  const scheduleReconnect = () => {
    if (closed || desired.length === 0) {
      setState(closed ? 'closed' : 'idle');
      return;
    }
    backoff = backoff ? backoff.next(undefined) : backoffs.next();
    const wait = Math.max(250, Math.round(backoff.duration));
    retryAt = clock.now() + wait;
    setState('reconnecting');
    clock.clearTimeout(retryTimer);
    retryTimer = clock.setTimeout(() => {
      retryTimer = undefined;
      retryAt = null;
      open();
    }, wait);
  };

  /** Forgets the current socket (closing it if it still can) and plans a reconnect. */
  const drop = () => {
    clock.clearTimeout(watchdog);
    watchdog = undefined;
    const s = socket;
    socket = undefined;
    subscribed.clear();
    if (s) {
      try {
        s.close(4000, 'silent');
      } catch {
        // Already gone.
      }
    }
    scheduleReconnect();
  };

  const open = () => {
    if (closed || socket || desired.length === 0) return;
    const url = new URL(options.url);
    url.searchParams.set('token', options.key);
    setState(connections === 0 ? 'connecting' : 'reconnecting');
    let ws: WebSocketLike;
    try {
      ws = connect(url.toString());
    } catch (err) {
      logger.warn({ err: redact(String(err)) }, 'finnhub stream could not connect');
      scheduleReconnect();
      return;
    }
    socket = ws;
    armWatchdog();
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      if (connections > 0) reconnects++;
      connections++;
      subscribed.clear();
      setState('open');
      sync();
    });
    ws.addEventListener('message', (event) => {
      if (socket !== ws) return;
      lastMessageAt = clock.now();
      // A connection that talks is healthy: the next drop starts the backoff over.
      backoff = undefined;
      armWatchdog();
      const frame = parseStreamFrame(typeof event.data === 'string' ? event.data : String(event.data), redact);
      if (frame.type === 'error') logger.warn({ message: frame.message }, 'finnhub stream error frame');
      if (frame.type !== 'trade' || frame.trades.length === 0) return;
      const want = new Set(desired);
      const trades = frame.trades.filter((t) => want.has(t.symbol));
      if (trades.length === 0) return;
      lastTradeAt = Math.max(lastTradeAt ?? 0, ...trades.map((t) => t.time));
      options.onTrades(trades);
    });
    const lost = () => {
      if (socket !== ws) return;
      logger.warn({}, 'finnhub stream dropped: reconnecting');
      drop();
    };
    ws.addEventListener('close', lost);
    ws.addEventListener('error', lost);
  };

  return {
    setSymbols(symbols) {
      const unique = [...new Set(symbols.map((s) => s.toUpperCase()))];
      desired = unique.slice(0, cap);
      const refused = unique.slice(cap);
      if (closed) return { streaming: [], refused: unique };
      if (desired.length === 0) {
        // Nothing to stream: no connection to keep alive.
        clock.clearTimeout(retryTimer);
        retryTimer = undefined;
        retryAt = null;
        const s = socket;
        socket = undefined;
        subscribed.clear();
        clock.clearTimeout(watchdog);
        s?.close(1000, 'idle');
        setState('idle');
      } else if (socket) {
        sync();
      } else if (!retryTimer) {
        open();
      }
      return { streaming: [...desired], refused };
    },
    status,
    close() {
      closed = true;
      clock.clearTimeout(watchdog);
      clock.clearTimeout(retryTimer);
      const s = socket;
      socket = undefined;
      try {
        s?.close(1000, 'closing');
      } catch {
        // Already gone.
      }
      setState('closed');
    },
  };
}
