// Pushes engine events to the window: quotes coalesced per symbol, state events to their latest
// value, at most one send per interval; one-off messages (notifications) pass at once, in order.
import { eventNames, ipcEventChannel, type EventName } from '../../shared/contract';
import type { Quote } from '../../shared/quote';
import type { Clock, TimerHandle } from '../engine/clock';
import type { EventHub } from '../engine/events';

export type Send = (channel: string, data: unknown) => void;

/** Events whose newest value replaces the older ones: sending every one would only lag the window. */
const STATE_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['status']);

export function forwardEvents(events: EventHub, send: Send, clock: Clock, intervalMs = 100): () => void {
  const pending = new Map<string, Quote>();
  const latest = new Map<EventName, unknown>();
  let timer: TimerHandle | undefined;

  const flush = () => {
    timer = undefined;
    if (pending.size > 0) {
      send(ipcEventChannel('quote'), [...pending.values()]);
      pending.clear();
    }
    for (const [name, data] of latest) send(ipcEventChannel(name), data);
    latest.clear();
  };
  const schedule = () => {
    timer ??= clock.setTimeout(flush, intervalMs);
  };

  const offs = eventNames.map((name) => {
    if (name === 'quote') {
      return events.on('quote', (quotes) => {
        for (const q of quotes) pending.set(q.symbol, q);
        schedule();
      });
    }
    if (STATE_EVENTS.has(name)) {
      return events.on(name, (data) => {
        latest.set(name, data);
        schedule();
      });
    }
    return events.on(name, (data) => send(ipcEventChannel(name), data));
  });
  return () => {
    for (const off of offs) off();
    clock.clearTimeout(timer);
  };
}
