// The MarketApi over HTTP + SSE, for the browser form of the UI (served by `npm run serve`).
import {
  API_PREFIX,
  endpoints,
  eventNames,
  pathParams,
  type CallInput,
  type ConnectionState,
  type EndpointName,
  type EventData,
  type EventName,
  type MarketApi,
  type Output,
} from '../../../shared/contract';
import { ApiError, apiErrorBodySchema } from '../../../shared/errors';

function encodeValue(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** Builds the request for a call from its contract entry: path params, query or JSON body. */
export function buildRequest(name: EndpointName, input: Record<string, unknown>): { url: string; init: RequestInit } {
  const ep = endpoints[name];
  const params = new Set(pathParams(ep.path));
  const path = ep.path.replace(/\{(\w+)\}/g, (_m, key: string) => encodeURIComponent(encodeValue(input[key])));
  const rest = Object.entries(input).filter(([k, v]) => !params.has(k) && v !== undefined);
  if (ep.method === 'GET' || ep.method === 'DELETE') {
    const qs = new URLSearchParams(rest.map(([k, v]) => [k, encodeValue(v)])).toString();
    return { url: `${API_PREFIX}${path}${qs ? `?${qs}` : ''}`, init: { method: ep.method } };
  }
  return {
    url: `${API_PREFIX}${path}`,
    init: {
      method: ep.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(rest)),
    },
  };
}

export function createHttpApi(base = ''): MarketApi {
  const listeners = new Map<EventName, Set<(data: never) => void>>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let source: EventSource | undefined;

  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of connectionListeners) l(s);
  };

  const open = () => {
    if (source) return;
    source = new EventSource(`${base}${API_PREFIX}/market-data/stream`);
    source.onopen = () => setState('open');
    source.onerror = () => setState(source?.readyState === EventSource.CLOSED ? 'reconnecting' : 'reconnecting');
    for (const name of eventNames) {
      source.addEventListener(name, (e: MessageEvent<string>) => {
        const data = JSON.parse(e.data) as never;
        for (const l of listeners.get(name) ?? []) l(data);
      });
    }
  };

  return {
    async call<K extends EndpointName>(name: K, input: CallInput<K>): Promise<Output<K>> {
      const { url, init } = buildRequest(name, input);
      let res: Response;
      try {
        res = await fetch(`${base}${url}`, { ...init, credentials: 'same-origin' });
      } catch {
        throw new ApiError('unavailable', 'Quotedesk is not reachable; is the server still running?');
      }
      if (res.status === 204) return null as Output<K>;
      const text = await res.text();
      if (!res.ok) {
        const body = apiErrorBodySchema.safeParse(safeJson(text));
        if (body.success) throw ApiError.fromBody(body.data);
        throw new ApiError('internal', `HTTP ${res.status}`);
      }
      return (endpoints[name].text ? text : JSON.parse(text)) as Output<K>;
    },
    subscribe<E extends EventName>(event: E, listener: (data: EventData<E>) => void) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      open();
      return () => set.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
