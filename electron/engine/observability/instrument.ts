// Timing wrappers put around engine parts from the outside: repos, the event hub, the ingest path.
import { performance } from 'node:perf_hooks';
import type { EventHub } from '../events';
import type { QuoteService } from '../quote-service';
import type { SqliteOp } from './health-monitor';

type Timer = <T>(op: SqliteOp, fn: () => T) => T;

/**
 * Times the named methods of a repo (one observation per call: a batch, a query, never a row).
 * Returns the same object with those methods replaced.
 */
export function instrumentRepo<T extends object>(repo: T, ops: Partial<Record<keyof T, SqliteOp>>, time: Timer): T {
  const target = repo as Record<string, unknown>;
  for (const [name, op] of Object.entries(ops) as [string, SqliteOp][]) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    const fn = original as (...args: unknown[]) => unknown;
    target[name] = (...args: unknown[]) => time(op, () => fn.apply(repo, args));
  }
  return repo;
}

export type PushTimedHub = EventHub & {
  /** Milliseconds spent handing `quote` events to listeners since the last call (then reset). */
  takePushMs(): number;
};

/** Measures how long handing a quote batch to its listeners (IPC, SSE queues, alerts) takes. */
export function instrumentEvents(hub: EventHub): PushTimedHub {
  let pushMs = 0;
  return {
    on: (event, listener) => hub.on(event, listener),
    listenerCount: (event) => hub.listenerCount(event),
    emit(event, data) {
      if (event !== 'quote') {
        hub.emit(event, data);
        return;
      }
      const t0 = performance.now();
      hub.emit(event, data);
      pushMs += performance.now() - t0;
    },
    takePushMs() {
      const ms = pushMs;
      pushMs = 0;
      return ms;
    },
  };
}

/**
 * Times each ingest: the store stage (validation and the SQLite transaction) and the push stage
 * (the `quote` event's listeners). Replaces `ingest` on the service it is given.
 */
export function instrumentIngest(
  service: QuoteService,
  events: PushTimedHub,
  onBatch: (quotes: number, storeMs: number, pushMs: number) => void,
): QuoteService {
  const ingest = service.ingest.bind(service);
  service.ingest = (...args) => {
    events.takePushMs();
    const t0 = performance.now();
    const out = ingest(...args);
    const total = performance.now() - t0;
    const push = events.takePushMs();
    if (out.length > 0) onBatch(out.length, Math.max(0, total - push), push);
    return out;
  };
  return service;
}
