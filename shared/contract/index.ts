// The one contract: every call (schema, REST route, IPC channel, scope) and every pushed event.
import { z } from 'zod';
import { quoteSchema } from '../quote';
import { adminEndpoints } from './admin';
import { alertEndpoints, alertEventSchema } from './alerts';
import { apiSettingsEndpoints } from './api-settings';
import { notificationSchema } from './desktop';
import type { Endpoint } from './endpoint';
import { healthEndpoints } from './health';
import { marketEndpoints, marketStatusSchema } from './market';
import { providerEndpoints } from './providers';
import { portfolioEndpoints, portfolioValuationSchema } from './portfolios';
import { quoteEndpoints } from './quotes';
import { refreshSettingsEndpoints } from './refresh-settings';
import { marketDataStatusSchema, statusEndpoints } from './status';
import { uiSettingsEndpoints } from './ui-settings';
import { universeEndpoints } from './universe';
import { usageAlertEndpoints, usageAlertEventSchema } from './usage-alerts';
import { watchlistEndpoints } from './watchlists';

export * from './admin';
export * from './api-settings';
export * from './desktop';
export * from './endpoint';
export * from './health';
export * from './market';
export * from './providers';
export * from './portfolios';
export * from './quotes';
export * from './refresh-settings';
export * from './status';
export * from './watchlists';
export * from './alerts';
export * from './ui-settings';
export * from './universe';
export * from './usage-alerts';

export const endpoints = {
  ...quoteEndpoints,
  ...watchlistEndpoints,
  ...statusEndpoints,
  ...providerEndpoints,
  ...portfolioEndpoints,
  ...apiSettingsEndpoints,
  ...marketEndpoints,
  ...adminEndpoints,
  ...alertEndpoints,
  ...universeEndpoints,
  ...uiSettingsEndpoints,
  ...refreshSettingsEndpoints,
  ...healthEndpoints,
  ...usageAlertEndpoints,
} satisfies Record<string, Endpoint>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;
/** What a caller may pass (before defaults and coercion). */
export type CallInput<K extends EndpointName> = z.input<Endpoints[K]['input']>;
/** What a handler receives (after validation). */
export type HandlerInput<K extends EndpointName> = z.output<Endpoints[K]['input']>;
export type Output<K extends EndpointName> = z.output<Endpoints[K]['output']>;

export const endpointNames = Object.keys(endpoints) as EndpointName[];

/** Events pushed to every client: over IPC, SSE and to the renderer's store. */
export const eventSchemas = {
  /** A batch of quotes that changed. */
  quote: z.array(quoteSchema),
  status: marketDataStatusSchema,
  /** The valuation of every portfolio (the whole set), sent when any of them changes. Admin only. */
  portfolio: z.array(portfolioValuationSchema),
  /** The market clock, pushed at every session change. */
  market: marketStatusSchema,
  /** Tell the user something even when the window is hidden (desktop: a system notification). */
  notification: notificationSchema,
  /** Price alerts that fired recently (newest first); show each firing id once. */
  alert: alertEventSchema,
  /** Usage alerts: the active ones and those fired or resolved recently. Admin only. */
  usageAlert: usageAlertEventSchema,
};
export type EventSchemas = typeof eventSchemas;
export type EventName = keyof EventSchemas;
/**
 * How each event is delivered: which token may receive it over SSE (IPC carries them all to the
 * app's own window), and whether only its latest value matters (a state: a slow client gets the
 * newest one, a new client gets the current one) or every one counts (a message, sent in order).
 */
export const eventDelivery: { [E in EventName]: { scope: Endpoint['scope']; latestOnly: boolean } } = {
  // Per symbol: a quote batch is coalesced to the newest quote of each symbol.
  quote: { scope: 'read', latestOnly: true },
  status: { scope: 'read', latestOnly: true },
  portfolio: { scope: 'admin', latestOnly: true },
  // The market clock is public knowledge; only the newest session matters.
  market: { scope: 'read', latestOnly: true },
  // Meant for the user's own UI (the browser UI signs in with the admin token), not for scripts.
  notification: { scope: 'admin', latestOnly: false },
  // Each event repeats the recent firings (clients show each firing id once), so only the latest
  // value matters. Read scope like GET /alerts and /alerts/history: a script may follow its alerts.
  alert: { scope: 'read', latestOnly: true },
  // The whole picture each time (active + recent), so only the latest value matters; usage is admin.
  usageAlert: { scope: 'admin', latestOnly: true },
};
export type EventData<E extends EventName> = z.output<EventSchemas[E]>;
export const eventNames = Object.keys(eventSchemas) as EventName[];

/** The engine's side of the contract: one function per endpoint; it may answer at once or later,
 *  and throws ApiError for answers that are errors. */
export type Handlers = {
  [K in EndpointName]: (input: HandlerInput<K>) => Output<K> | Promise<Output<K>>;
};

/** The UI's side: the same calls and events, whatever carries them (IPC or HTTP + SSE). */
export type MarketApi = {
  call: <K extends EndpointName>(name: K, input: CallInput<K>) => Promise<Output<K>>;
  subscribe: <E extends EventName>(event: E, listener: (data: EventData<E>) => void) => () => void;
  /** Connection to the engine: always `open` over IPC; SSE may drop and reconnect. */
  onConnection: (listener: (state: ConnectionState) => void) => () => void;
};
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';
export * from './bridge';
