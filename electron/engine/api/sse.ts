// Server-sent events: paced quote batches, state events, messages, ids and resume, bounded memory.
import type { ServerResponse } from 'node:http';
import { eventDelivery, eventNames, type EventData, type EventName, type Scope } from '../../../shared/contract';
import type { Quote } from '../../../shared/quote';
import type { Clock, TimerHandle } from '../clock';
import type { EventHub } from '../events';
import type { Logger } from '../logger';

type StateEvent = Exclude<EventName, 'quote'>;

/** Messages (every one counts) waiting for one client; beyond this the oldest are dropped. */
const MAX_QUEUED_MESSAGES = 256;

export type SseOptions = {
  clock: Clock;
  events: EventHub;
  logger: Logger;
  /** Current quotes, for the first event of a new client or one that resumes too late. */
  snapshot: (symbols: ReadonlySet<string> | undefined) => Quote[];
  /** Current values of state events, sent on connect (else the last one seen is sent). */
  current?: { [E in StateEvent]?: () => EventData<E> };
  /** At most one quote event per client per this many ms. */
  flushMs?: number;
  heartbeatMs?: number;
  /** How far back a client may resume with Last-Event-ID ... */
  replayMs?: number;
  /** ... keeping at most this many quote updates for it. */
  replayMaxQuotes?: number;
  maxClients?: number;
  /** A client whose socket has not drained for this long is disconnected (it may resume). */
  stallMs?: number;
  /** Told about every frame written and every update replaced (or message dropped) before it was sent. */
  onFrame?: (event: EventName) => void;
  onCoalesced?: (count: number) => void;
};

export type SseClientInfo = {
  /** Bytes written to the socket and not yet taken by the kernel. */
  buffered: number;
  /** Quote updates waiting for the socket (at most one per symbol). */
  pending: number;
};

export type SseAttach = {
  symbols: ReadonlySet<string> | undefined;
  /** The Last-Event-ID header of a reconnecting client. */
  lastEventId: string | undefined;
  /** The token's scope: admin-only events (portfolio) go to admin clients only. */
  scope: Scope;
  /** This client's own pace, instead of the hub's `flushMs` (the app's own UI; see server.ts). */
  flushMs?: number;
  /** Split quote batches into events of at most this many quotes (a page parses each on its own). */
  maxQuotesPerEvent?: number;
};

export type SseHub = {
  /** Takes over a response; false when the hub is full or closed (the caller answers 503). */
  attach(res: ServerResponse, options: SseAttach): boolean;
  clientCount(): number;
  clients(): SseClientInfo[];
  /** The id of the latest quote event. */
  lastId(): string;
  close(): void;
};

type Client = {
  res: ServerResponse;
  symbols: ReadonlySet<string> | undefined;
  scope: Scope;
  /** Latest value per symbol not yet written: a slow reader gets fresh values, never a backlog. */
  pending: Map<string, Quote>;
  pendingState: Map<StateEvent, unknown>;
  /** Messages in the order they happened. */
  messages: [StateEvent, unknown][];
  /** The id the client holds: every quote update up to it has been written to it. */
  cursor: number;
  lastFlush: number;
  flushMs: number;
  maxQuotesPerEvent: number;
  /** When the socket last asked us to wait for 'drain'; undefined while it keeps up. */
  stalledSince: number | undefined;
};

type Entry =
  | { seq: number; at: number; quotes: readonly Quote[] }
  | { seq: number; at: number; message: StateEvent; data: unknown };

/** Tier 1 first, then 2, then 3, each in arrival order. */
function byTier(quotes: Quote[]): Quote[] {
  const buckets: Quote[][] = [[], [], []];
  for (const q of quotes) (buckets[q.tier - 1] ?? buckets[2])?.push(q);
  return buckets.flat();
}

/**
 * Ids are `<run>-<seq>`: seq counts the quote batches and messages of this server run, so an id
 * from an earlier run (or another server) is recognised and answered with a full snapshot instead
 * of a wrong resume.
 */
export function createSseHub(options: SseOptions): SseHub {
  const { clock, events, logger } = options;
  const flushMs = options.flushMs ?? 100;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const replayMs = options.replayMs ?? 10 * 60_000;
  const replayMaxQuotes = options.replayMaxQuotes ?? 200_000;
  const maxClients = options.maxClients ?? 256;
  const stallMs = options.stallMs ?? 60_000;
  const run = clock.now().toString(36);
  const clients = new Set<Client>();
  const ring: Entry[] = [];
  let ringQuotes = 0;
  /** Every batch up to this seq has left the ring: a resume from before it cannot be served. */
  let trimmedThrough = 0;
  let seq = 0;
  const lastState = new Map<StateEvent, unknown>();
  let flushTimer: TimerHandle | undefined;
  let flushTimerAt = 0;
  let heartbeatTimer: TimerHandle | undefined;
  let closed = false;

  const idOf = (n: number) => `${run}-${n}`;
  const parseId = (id: string | undefined): number | undefined => {
    const m = id === undefined ? null : /^([0-9a-z]+)-(\d+)$/.exec(id.trim());
    if (!m || m[1] !== run) return undefined;
    const n = Number(m[2]);
    return n <= seq ? n : undefined;
  };

  const write = (c: Client, text: string): void => {
    if (c.res.writableEnded || c.res.destroyed) return;
    if (!c.res.write(text) && c.stalledSince === undefined) c.stalledSince = clock.now();
  };

  const frame = (id: number, event: EventName, data: unknown) => {
    options.onFrame?.(event);
    return `id: ${idOf(id)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  };

  /**
   * Writes what is pending as one burst: state events first, the quote batch last. Every frame
   * but the last carries the client's old id, the last one the new id, so a client cut off in
   * the middle resumes from where it surely was and receives the rest again.
   */
  const flushClient = (c: Client, now: number): void => {
    if (c.res.destroyed || c.res.writableEnded) return;
    if (c.res.writableNeedDrain) return;
    if (c.pending.size === 0 && c.pendingState.size === 0 && c.messages.length === 0) {
      c.cursor = seq;
      return;
    }
    if (now - c.lastFlush < c.flushMs) return;
    const frames: [EventName, unknown][] = [...c.pendingState, ...c.messages];
    if (c.pending.size > 0) {
      let quotes = [...c.pending.values()];
      // Split over several events, tier 1 goes first: the symbols most likely on screen (the
      // scheduler's tier 1: watchlists, portfolios, index proxies, the most active) arrive first.
      if (quotes.length > c.maxQuotesPerEvent) quotes = byTier(quotes);
      for (let i = 0; i < quotes.length; i += c.maxQuotesPerEvent) {
        frames.push(['quote', quotes.slice(i, i + c.maxQuotesPerEvent)]);
      }
    }
    c.pending.clear();
    c.pendingState.clear();
    c.messages = [];
    const old = c.cursor;
    c.cursor = seq;
    c.lastFlush = now;
    // Frame by frame: a big batch split in several events starts reaching the client while the
    // rest is still being serialized.
    frames.forEach(([event, data], i) => write(c, frame(i === frames.length - 1 ? c.cursor : old, event, data)));
  };

  const hasPending = () => {
    for (const c of clients) if (c.pending.size > 0 || c.pendingState.size > 0 || c.messages.length > 0) return true;
    return false;
  };

  /**
   * When the next client is due: a client that has not been sent anything for its interval is
   * flushed at once (on the next turn, so a burst of synchronous emits still goes as one event);
   * the others when their interval is up. Each client still gets at most one burst per interval.
   */
  const nextDueIn = (now: number) => {
    let due = Number.POSITIVE_INFINITY;
    for (const c of clients) {
      if (c.pending.size === 0 && c.pendingState.size === 0 && c.messages.length === 0) continue;
      // A socket that asked us to wait is written to on its 'drain', not by the timer.
      if (c.res.writableNeedDrain || c.res.destroyed || c.res.writableEnded) continue;
      due = Math.min(due, c.lastFlush + c.flushMs);
    }
    // Never flushed yet (lastFlush is -Infinity): due now.
    return due === Number.POSITIVE_INFINITY ? flushMs : Math.max(0, due - now);
  };

  const scheduleFlush = () => {
    if (closed) return;
    const now = clock.now();
    const at = now + nextDueIn(now);
    // A timer already set for later (a slow client) must not hold back a client due sooner.
    if (flushTimer && flushTimerAt <= at) return;
    clock.clearTimeout(flushTimer);
    flushTimerAt = at;
    flushTimer = clock.setTimeout(() => {
      flushTimer = undefined;
      const t = clock.now();
      for (const c of clients) flushClient(c, t);
      if (hasPending()) scheduleFlush();
    }, at - now);
  };

  const heartbeat = () => {
    heartbeatTimer = clock.setTimeout(() => {
      const now = clock.now();
      for (const c of clients) {
        if (c.stalledSince !== undefined && now - c.stalledSince > stallMs) {
          logger.info({ stalledMs: now - c.stalledSince }, 'sse client stopped reading; disconnected');
          c.res.destroy();
          continue;
        }
        if (!c.res.writableNeedDrain) write(c, `: keepalive ${new Date(now).toISOString()}\n\n`);
      }
      if (!closed) heartbeat();
    }, heartbeatMs);
  };

  const addQuotes = (c: Client, quotes: readonly Quote[]) => {
    let replaced = 0;
    for (const q of quotes) {
      if (c.symbols && !c.symbols.has(q.symbol)) continue;
      if (c.pending.has(q.symbol)) replaced++;
      c.pending.set(q.symbol, q);
    }
    if (replaced > 0) options.onCoalesced?.(replaced);
  };

  const weight = (e: Entry) => ('quotes' in e ? e.quotes.length : 1);
  const trim = (now: number) => {
    while (ring.length > 0) {
      const first = ring[0];
      if (!first) break;
      if (first.at >= now - replayMs && ringQuotes <= replayMaxQuotes) break;
      ring.shift();
      ringQuotes -= weight(first);
      trimmedThrough = first.seq;
    }
  };

  const addMessage = (c: Client, name: StateEvent, data: unknown) => {
    if (!allowed(c.scope, name)) return;
    c.messages.push([name, data]);
    if (c.messages.length > MAX_QUEUED_MESSAGES) {
      c.messages.shift();
      options.onCoalesced?.(1);
    }
  };

  const record = (entry: Entry) => {
    ring.push(entry);
    ringQuotes += weight(entry);
    trim(entry.at);
  };

  const offs = eventNames.map((name) => {
    if (name === 'quote') {
      return events.on('quote', (quotes) => {
        record({ seq: ++seq, at: clock.now(), quotes });
        for (const c of clients) addQuotes(c, quotes);
        if (clients.size > 0) scheduleFlush();
      });
    }
    if (eventDelivery[name].latestOnly) {
      return events.on(name, (data) => {
        lastState.set(name, data);
        for (const c of clients) if (allowed(c.scope, name)) c.pendingState.set(name, data);
        if (clients.size > 0) scheduleFlush();
      });
    }
    // A message: every one is delivered, in order, and replayed to a client that resumes.
    return events.on(name, (data) => {
      record({ seq: ++seq, at: clock.now(), message: name, data });
      for (const c of clients) addMessage(c, name, data);
      if (clients.size > 0) scheduleFlush();
    });
  });
  heartbeat();

  function allowed(scope: Scope, event: EventName): boolean {
    return scope === 'admin' || eventDelivery[event].scope === 'read';
  }

  return {
    attach(res, { symbols, lastEventId, scope, flushMs: clientFlushMs, maxQuotesPerEvent }) {
      if (clients.size >= maxClients || closed) return false;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(`retry: 2000\n\n`);
      const now = clock.now();
      const from = parseId(lastEventId);
      const client: Client = {
        res,
        symbols,
        scope,
        pending: new Map(),
        pendingState: new Map(),
        messages: [],
        cursor: seq,
        lastFlush: -Infinity,
        flushMs: clientFlushMs ?? flushMs,
        maxQuotesPerEvent: maxQuotesPerEvent ?? Number.POSITIVE_INFINITY,
        stalledSince: undefined,
      };
      if (from !== undefined && from >= trimmedThrough) {
        // Resume: every update since the client's last id, coalesced to the latest value per symbol.
        for (const e of ring) {
          if (e.seq <= from) continue;
          if ('quotes' in e) addQuotes(client, e.quotes);
          else addMessage(client, e.message, e.data);
        }
      } else {
        addQuotes(client, options.snapshot(symbols));
      }
      for (const name of eventNames) {
        if (name === 'quote' || !eventDelivery[name].latestOnly || !allowed(scope, name)) continue;
        const get = options.current?.[name] as (() => unknown) | undefined;
        const value = get ? get() : lastState.get(name);
        if (value !== undefined) client.pendingState.set(name, value);
      }
      clients.add(client);
      const drop = () => clients.delete(client);
      res.on('close', drop);
      res.on('error', (err) => {
        logger.debug({ err: String(err) }, 'sse client error');
        drop();
      });
      res.on('drain', () => {
        client.stalledSince = undefined;
        flushClient(client, clock.now());
        if (hasPending()) scheduleFlush();
      });
      flushClient(client, now);
      if (hasPending()) scheduleFlush();
      return true;
    },
    clientCount: () => clients.size,
    clients: () =>
      [...clients].map((c) => ({
        buffered: c.res.writableLength + (c.res.socket?.writableLength ?? 0),
        pending: c.pending.size,
      })),
    lastId: () => idOf(seq),
    close() {
      closed = true;
      for (const off of offs) off();
      clock.clearTimeout(flushTimer);
      clock.clearTimeout(heartbeatTimer);
      for (const c of clients) c.res.end();
      clients.clear();
    },
  };
}
