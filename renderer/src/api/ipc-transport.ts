// The MarketApi over the preload bridge, inside the Electron window.
import type { CallInput, EndpointName, MarketApi, Output, QuotedeskBridge } from '../../../shared/contract';
import { ApiError, type Envelope } from '../../../shared/errors';

export function createIpcApi(bridge: QuotedeskBridge): MarketApi {
  return {
    async call<K extends EndpointName>(name: K, input: CallInput<K>): Promise<Output<K>> {
      const invoke = bridge[name] as (i: CallInput<K>) => Promise<Envelope<Output<K>>>;
      const reply = await invoke(input);
      if (reply.ok) return reply.value;
      throw ApiError.fromBody({ error: reply.error });
    },
    subscribe: (event, listener) => bridge.on(event, listener),
    onConnection(listener) {
      listener('open');
      return () => undefined;
    },
  };
}
