// What the preload puts on window.quotedesk: one function per contract call, and event listeners.
import type { Envelope } from '../errors';
import type { CallInput, EndpointName, EventData, EventName, Output } from './index';

export type QuotedeskBridge = {
  [K in EndpointName]: (input: CallInput<K>) => Promise<Envelope<Output<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void;
};

export const BRIDGE_KEY = 'quotedesk';
