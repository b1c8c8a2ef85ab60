// Server-sent events: batched quote events, status pushes, ids and replay, bounded per client.
import type { ServerResponse } from 'node:http';
import type { EventData, EventName } from '../../../shared/contract';
import type { Quote } from '../../../shared/quote';
import type { Clock, TimerHandle } from '../clock';
import type { EventHub } from '../events';
import type { Logger } from '../logger';

export type SseOptions = {
  clock: Clock;
  events: EventHub;
  logger: Logger;
  /** Current quotes, for the first event of a new client or one that resumes too late. */
  snapshot: (symbols: ReadonlySet<string> | undefined) => Quote[];
  /** Other events pushed as they happen, with their current value sent on connect. */
  current?: { [E in Exclude<EventName, 'quote'>]?: () => EventData<E> };
  /** At most one quote event per client per this many ms. */
  flushMs?: number;
  heartbeatMs?: number;
  /** How far back a client may resume with Last-Event-ID. */
  replayMs?: number;
  maxClients?: number;
};

type Client = {
  res: ServerResponse;
  symbols: ReadonlySet<string> | undefined;
  /** Latest value per symbol not yet written: a slow reader gets fresh values, never a backlog. */
  pending: Map<string, Quote>;
  pendingOther: Map<string, unknown>;
  pendingSeq: number;
};

type Batch = { seq: number; at: number; quotes: Quote[] };

export type SseHub = {
  /** Takes over a response; `lastEventId` resumes from an earlier connection. */
  attach(res: ServerResponse, symbols: ReadonlySet<string> | undefined, lastEventId: number | undefined): boolean;
  clientCount(): number;
  close(): void;
};

function frame(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createSseHub(options: SseOptions): SseHub {
  const { clock, events, logger } = options;
  const flushMs = options.flushMs ?? 100;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const replayMs = options.replayMs ?? 5 * 60_000;
  const maxClients = options.maxClients ?? 200;
  const clients = new Set<Client>();
  const ring: Batch[] = [];
  let seq = 0;
  let flushTimer: TimerHandle | undefined;
  let heartbeatTimer: TimerHandle | undefined;
  let closed = false;

  const write = (c: Client, text: string) => {
    if (c.res.writableEnded || c.res.destroyed) return;
    c.res.write(text);
  };

  const flushClient = (c: Client) => {
    // Backpressure: while the socket has not drained, keep only the latest values in memory.
    if (c.res.writableNeedDrain) return;
    for (const [event, data] of c.pendingOther) write(c, frame(c.pendingSeq, event, data));
    c.pendingOther.clear();
    if (c.pending.size > 0) {
      write(c, frame(c.pendingSeq, 'quote', [...c.pending.values()]));
      c.pending.clear();
    }
  };

  const scheduleFlush = () => {
    if (flushTimer || closed) return;
    flushTimer = clock.setTimeout(() => {
      flushTimer = undefined;
      for (const c of clients) flushClient(c);
    }, flushMs);
  };

  const heartbeat = () => {
    heartbeatTimer = clock.setTimeout(() => {
      for (const c of clients) if (!c.res.writableNeedDrain) write(c, `: keepalive ${clock.now()}\n\n`);
      if (!closed) heartbeat();
    }, heartbeatMs);
  };

  const addQuotes = (c: Client, quotes: Quote[], upTo: number) => {
    for (const q of quotes) if (!c.symbols || c.symbols.has(q.symbol)) c.pending.set(q.symbol, q);
    c.pendingSeq = Math.max(c.pendingSeq, upTo);
  };

  const offQuote = events.on('quote', (quotes) => {
    seq++;
    const now = clock.now();
    ring.push({ seq, at: now, quotes });
    while (ring.length > 0 && (ring[0]?.at ?? now) < now - replayMs) ring.shift();
    for (const c of clients) addQuotes(c, quotes, seq);
    if (clients.size > 0) scheduleFlush();
  });

  const offOthers = (Object.keys(options.current ?? {}) as Exclude<EventName, 'quote'>[]).map((name) =>
    events.on(name, (data) => {
      seq++;
      for (const c of clients) {
        c.pendingOther.set(name, data);
        c.pendingSeq = Math.max(c.pendingSeq, seq);
      }
      if (clients.size > 0) scheduleFlush();
    }),
  );
  heartbeat();

  return {
    attach(res, symbols, lastEventId) {
      if (clients.size >= maxClients || closed) return false;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(`retry: 2000\n\n`);
      const client: Client = { res, symbols, pending: new Map(), pendingOther: new Map(), pendingSeq: seq };
      const oldest = ring[0];
      if (lastEventId !== undefined && lastEventId <= seq && oldest && lastEventId >= oldest.seq - 1) {
        // Resume: everything since the client's last event, coalesced to the latest value per symbol.
        for (const b of ring) if (b.seq > lastEventId) addQuotes(client, b.quotes, b.seq);
      } else {
        addQuotes(client, options.snapshot(symbols), seq);
      }
      for (const [name, get] of Object.entries(options.current ?? {})) {
        if (get) client.pendingOther.set(name, get());
      }
      clients.add(client);
      res.on('close', () => clients.delete(client));
      res.on('error', (err) => {
        logger.debug({ err: String(err) }, 'sse client error');
        clients.delete(client);
      });
      flushClient(client);
      return true;
    },
    clientCount: () => clients.size,
    close() {
      closed = true;
      offQuote();
      for (const off of offOthers) off();
      clock.clearTimeout(flushTimer);
      clock.clearTimeout(heartbeatTimer);
      for (const c of clients) c.res.end();
      clients.clear();
    },
  };
}
