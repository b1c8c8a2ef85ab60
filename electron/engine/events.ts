// The engine's typed event hub: what changed, pushed to IPC, SSE and tests alike.
import type { EventData, EventName } from '../../shared/contract';

export type Listener<E extends EventName> = (data: EventData<E>) => void;

export type EventHub = {
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  emit<E extends EventName>(event: E, data: EventData<E>): void;
  listenerCount(event: EventName): number;
};

export function createEventHub(onListenerError: (err: unknown) => void): EventHub {
  const listeners = new Map<EventName, Set<(data: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event, data) {
      for (const l of listeners.get(event) ?? []) {
        // One broken subscriber must not stop the others or the ingest that emitted.
        try {
          (l as (d: typeof data) => void)(data);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}
