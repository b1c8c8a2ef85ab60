// Pushes engine events to each window over IPC: quotes coalesced per symbol and sent at most once a
// frame (16 ms) per window, every other event at once and in order.
import { eventNames, ipcEventChannel, type EventName } from '../../shared/contract';
import type { Quote } from '../../shared/quote';
import type { Clock, TimerHandle } from '../engine/clock';
import type { EventHub } from '../engine/events';

/** What the forwarder needs of a window's webContents. */
export type EventTarget = {
  send(channel: string, data: unknown): void;
  isDestroyed(): boolean;
};

/** The renderer applies at most one batch per animation frame; sending more often only queues IPC. */
export const QUOTE_INTERVAL_MS = 16;

/**
 * Events that describe the quotes already pushed, so quotes emitted before them must arrive before
 * them: a status whose feed turned live makes the window drop simulated quotes, and a simulated
 * batch still waiting here must not land after that.
 */
const AFTER_PENDING_QUOTES: ReadonlySet<EventName> = new Set<EventName>(['status']);

export type EventForwarder = {
  /** Forwards to one more window until it is destroyed or the returned function is called. */
  attach(target: EventTarget): () => void;
  /** Stops forwarding to every window. */
  stop(): void;
};

type WindowFeed = {
  detach: () => void;
  quotes: (quotes: readonly Quote[]) => void;
  other: (name: EventName, data: unknown) => void;
};

export function createEventForwarder(
  events: EventHub,
  clock: Clock,
  intervalMs: number = QUOTE_INTERVAL_MS,
): EventForwarder {
  const windows = new Set<WindowFeed>();

  const offs = eventNames.map((name) =>
    name === 'quote'
      ? events.on('quote', (quotes) => {
          for (const w of windows) w.quotes(quotes);
        })
      : events.on(name, (data) => {
          for (const w of windows) w.other(name, data);
        }),
  );

  // One window's pacing: the latest quote per symbol waits for the window's next send slot; a
  // window that has not been sent quotes for an interval gets the next batch at once.
  const attachWindow = (target: EventTarget): WindowFeed => {
    const pending = new Map<string, Quote>();
    let timer: TimerHandle | undefined;
    let lastSent = -Infinity;
    const alive = () => {
      if (!target.isDestroyed()) return true;
      w.detach();
      return false;
    };
    const flush = () => {
      clock.clearTimeout(timer);
      timer = undefined;
      if (pending.size === 0 || !alive()) return;
      lastSent = clock.now();
      const batch = [...pending.values()];
      pending.clear();
      target.send(ipcEventChannel('quote'), batch);
    };
    const w: WindowFeed = {
      detach() {
        clock.clearTimeout(timer);
        timer = undefined;
        pending.clear();
        windows.delete(w);
      },
      quotes(quotes) {
        for (const q of quotes) pending.set(q.symbol, q);
        if (timer !== undefined) return;
        const wait = lastSent + intervalMs - clock.now();
        if (wait <= 0) flush();
        else timer = clock.setTimeout(flush, wait);
      },
      other(name, data) {
        if (AFTER_PENDING_QUOTES.has(name)) flush();
        if (alive()) target.send(ipcEventChannel(name), data);
      },
    };
    windows.add(w);
    return w;
  };

  return {
    attach: (target) => attachWindow(target).detach,
    stop() {
      for (const off of offs) off();
      for (const w of [...windows]) w.detach();
    },
  };
}
