// Pushes engine events to the window, quote batches coalesced to at most one send per interval.
import { eventNames, ipcEventChannel, type EventName } from '../../shared/contract';
import type { Quote } from '../../shared/quote';
import type { Clock, TimerHandle } from '../engine/clock';
import type { EventHub } from '../engine/events';

export type Send = (channel: string, data: unknown) => void;

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

  const offs = eventNames.map((name) =>
    name === 'quote'
      ? events.on('quote', (quotes) => {
          for (const q of quotes) pending.set(q.symbol, q);
          schedule();
        })
      : events.on(name, (data) => {
          latest.set(name, data);
          schedule();
        }),
  );
  return () => {
    for (const off of offs) off();
    clock.clearTimeout(timer);
  };
}
