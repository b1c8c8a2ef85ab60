// The local REST + SSE server (fastify) on 127.0.0.1: contract routes, guards, stream, metrics, UI files.
import http, { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { z } from 'zod';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { API_PREFIX, eventDelivery, type Handlers, type MarketDataStatus, type Scope } from '../../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { ApiError, apiErrorBodySchema, toErrorBody } from '../../../shared/errors';
import type { Quote } from '../../../shared/quote';
import { symbolListSchema } from '../../../shared/symbols';
import type { Clock } from '../clock';
import type { EventHub } from '../events';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { guardConnections, type ConnectionGuard } from './connection-guard';
import {
  createRouteTransform,
  createSchemaConverter,
  DEFAULT_SECURITY,
  errorResponses,
  OPENAPI_INFO,
  SECURITY_SCHEMES,
  sseEventDocs,
} from './openapi';
import { createRateLimiter } from './rate-limit';
import { notFound, registerContractRoutes } from './rest-routes';
import {
  allows,
  isAllowedHost,
  isAllowedOrigin,
  requestToken,
  TOKEN_COOKIE,
  type TokenIdentity,
  type TokenSource,
} from './security';
import { createSseHub, type SseHub, type SseOptions } from './sse';
import type { LocalApiState } from './state';

export type ApiLimits = {
  /** Open sockets at most (idle and half-sent ones are evicted first; see connection-guard). */
  maxConnections: number;
  /** A request's headers must arrive whole within this time (slowloris). */
  headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this time. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  bodyLimit: number;
  sse: Partial<Pick<SseOptions, 'flushMs' | 'heartbeatMs' | 'replayMs' | 'replayMaxQuotes' | 'maxClients' | 'stallMs'>>;
  /** The stream's pace and event size for the app's own browser UI (cookie sign-in). */
  ui: { flushMs: number; maxQuotesPerEvent: number };
};

export const DEFAULT_LIMITS: ApiLimits = {
  maxConnections: 512,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  bodyLimit: 1_048_576,
  sse: {},
  ui: { flushMs: 16, maxQuotesPerEvent: 1000 },
};

export type ApiServerOptions = {
  handlers: Handlers;
  events: EventHub;
  clock: Clock;
  logger: Logger;
  /** Tokens, rate limit and token use, shared with the settings handlers. */
  state: LocalApiState;
  metrics: Metrics;
  /** 0 picks a free port. */
  port: number;
  /** Only loopback addresses are accepted. */
  host?: string;
  /** The built renderer, served at `/` for the browser form of the UI. */
  staticDir?: string;
  isReady: () => boolean;
  snapshot: (symbols: ReadonlySet<string> | undefined) => Quote[];
  status: () => MarketDataStatus;
  /** Current values of other pushed events, for a new stream client. */
  current?: SseOptions['current'];
  limits?: Partial<ApiLimits>;
};

export type ApiServer = {
  readonly port: number;
  readonly url: string;
  readonly app: FastifyInstance;
  readonly sse: SseHub;
  readonly connections: ConnectionGuard;
  /** Every route registered (method and fastify URL), HEAD and the UI's files left out. */
  routes(): { method: string; url: string }[];
  close(): Promise<void>;
};

const LOOPBACK = new Set(['127.0.0.1', '::1']);

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

const JSON_TYPE = 'application/json; charset=utf-8';

/** Requests with a missing or wrong token, all callers together. */
const AUTH_FAILURE_LIMIT = { perSecond: 50, burst: 500 };

function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.retryAfter !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfter))));
  return reply.code(err.status).type(JSON_TYPE).send(err.toBody());
}

/** Fastify's own errors (parsing, limits, validation) in the API's error shape. */
function fromFastifyError(err: FastifyError): ApiError | undefined {
  if (err.validation) {
    const where = err.validationContext ?? 'request';
    const message = err.validation
      .slice(0, 3)
      .map((v) => {
        const path = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
        return `${path === '' ? where : path}: ${v.message ?? 'invalid'}`;
      })
      .join('; ');
    return new ApiError('bad_request', message);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'the body is larger than 1 MiB');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('bad_request', 'the body is empty: send a JSON object ({} when there is nothing to say)');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('bad_request', 'the body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('bad_request', 'Content-Length does not match the body');
    default:
      break;
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const code = err.statusCode === 404 ? 'not_found' : err.statusCode === 429 ? 'rate_limited' : 'bad_request';
    return new ApiError(code, err.message);
  }
  return undefined;
}

/** A raw answer on a socket fastify never saw as a request (malformed HTTP, header timeouts). */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(
    new ApiError(
      'bad_request',
      status === 408 ? 'the request took too long to arrive' : 'malformed HTTP request',
    ).toBody(),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: ${JSON_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** `/api/v1/tickers/:symbol/live` as a regular expression over request paths. */
function routePattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

declare module 'fastify' {
  interface FastifyRequest {
    qdIdentity: (TokenIdentity & { source: TokenSource }) | null;
    qdStart: bigint;
  }
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new Error(`the local API binds to loopback only (127.0.0.1 or ::1), not "${host}"`);
  }
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { logger, state, metrics, clock } = options;
  let boundPort = options.port;
  const limiter = state.rateLimit ? createRateLimiter(state.rateLimit) : undefined;
  // Guessing is slowed down too (it matters for a short QUOTEDESK_API_TOKEN a user chose); valid
  // tokens are identified first, so a flood of bad ones never throttles them.
  const guesses = state.rateLimit ? createRateLimiter(AUTH_FAILURE_LIMIT) : undefined;

  const requests = metrics.counter('quotedesk_http_requests_total', 'HTTP requests answered by the local API', [
    'method',
    'route',
    'status',
  ]);
  const latency = metrics.histogram(
    'quotedesk_http_request_duration_seconds',
    'Time from request to the last byte of the answer',
    ['method', 'route'],
  );
  const refused = metrics.counter('quotedesk_http_refused_total', 'Requests refused before any handler ran', [
    'reason',
  ]);

  let guard: ConnectionGuard | undefined;
  const app = Fastify({
    logger: false,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    bodyLimit: limits.bodyLimit,
    return503OnClosing: true,
    // Quitting must not wait for streams or half-sent requests to end on their own.
    forceCloseConnections: true,
    clientErrorHandler: (err, socket) => {
      refused.inc({
        reason: (err as NodeJS.ErrnoException).code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'timeout' : 'malformed',
      });
      answerClientError(err, socket);
    },
    frameworkErrors: (err, _req, reply) => {
      void sendError(reply, new ApiError('bad_request', err.message));
    },
    serverFactory: (handler) => {
      const server = http.createServer(
        {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          // How often the timeouts above are enforced (Node's default is every 30 s).
          connectionsCheckingInterval: 500,
          maxHeaderSize: 16_384,
        },
        (req, res) => {
          // Checked before routing, for every path: DNS rebinding and cross-site requests end here.
          const badHost = !isAllowedHost(req.headers.host, boundPort);
          const refusal = badHost
            ? 'this server only answers requests addressed to 127.0.0.1, localhost or [::1] on its own port'
            : !isAllowedOrigin(req.headers.origin, boundPort)
              ? 'requests from other web origins are refused'
              : undefined;
          if (refusal) {
            refused.inc({ reason: badHost ? 'host' : 'origin' });
            res.writeHead(403, { 'content-type': JSON_TYPE, ...SECURITY_HEADERS });
            res.end(JSON.stringify(new ApiError('forbidden', refusal).toBody()));
            return;
          }
          handler(req, res);
        },
      );
      server.maxHeadersCount = 100;
      guard = guardConnections(server, {
        maxConnections: limits.maxConnections,
        onEvict: (reason) => refused.inc({ reason: reason === 'idle' ? 'evicted' : 'connection_cap' }),
      });
      return server;
    },
  });

  app.decorateRequest('qdIdentity', null);
  app.decorateRequest('qdStart', 0n);
  app.setValidatorCompiler(validatorCompiler);
  // Handlers return contract-typed values; the tests check them against the OpenAPI document.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);

  const converter = createSchemaConverter();
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      servers: [{ url: 'http://127.0.0.1:7717' }],
      components: { securitySchemes: SECURITY_SCHEMES as never },
      security: DEFAULT_SECURITY,
    },
    transform: createRouteTransform(converter) as never,
    transformObject: (doc) => {
      const openapiObject = (
        doc as { openapiObject: Record<string, unknown> & { components?: Record<string, unknown> } }
      ).openapiObject;
      return {
        ...openapiObject,
        servers: [{ url: `http://127.0.0.1:${boundPort}`, description: 'This server' }],
        components: {
          ...openapiObject.components,
          schemas: { ...(openapiObject.components?.schemas as object | undefined), ...converter.components() },
        },
      };
    },
  });

  // Every route, for telling a wrong method (405) from a wrong path (404).
  const table: { method: string; url: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) {
      table.push({ method: m, url: route.url ?? '', pattern: routePattern(route.url ?? '') });
    }
  });

  app.addHook('onRequest', (req, _reply, done) => {
    req.qdStart = process.hrtime.bigint();
    done();
  });

  const isApi = (url: string) => url.startsWith(API_PREFIX) || url === '/metrics' || url.startsWith('/metrics?');

  app.addHook('onSend', (req, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    if (isApi(req.url) || req.url.startsWith('/healthz')) {
      // Live data: a spreadsheet or proxy must never answer from a stale copy.
      reply.header('cache-control', 'no-store');
    } else {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-frame-options', 'DENY');
    }
    done(null, payload);
  });

  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, Number(process.hrtime.bigint() - req.qdStart) / 1e9);
    done();
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return sendError(reply, err);
    const mapped = err && typeof err === 'object' ? fromFastifyError(err as FastifyError) : undefined;
    if (mapped) return sendError(reply, mapped);
    logger.error({ err: String(err), url: req.url.split('?')[0] }, 'request failed');
    return reply.code(500).type(JSON_TYPE).send(toErrorBody(err));
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const methods = [...new Set(table.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (methods.length > 0 && !methods.includes(req.method)) {
      reply.header('allow', methods.join(', '));
      return sendError(
        reply,
        new ApiError('method_not_allowed', `${req.method} is not allowed here; use ${methods.join(' or ')}`),
      );
    }
    return sendError(reply, notFound(req.method, req.url));
  });

  const unauthorized = (message: string) => {
    const d = guesses?.take('unauthenticated', clock.now());
    if (d && !d.ok) {
      refused.inc({ reason: 'rate_limited' });
      return new ApiError(
        'rate_limited',
        'too many requests without a valid token',
        Math.max(1, Math.ceil(d.retryAfterMs / 1000)),
      );
    }
    refused.inc({ reason: 'unauthorized' });
    return new ApiError('unauthorized', message);
  };

  /** Token, scope and rate limit; the identity is kept on the request for the handlers. */
  const authorize = (req: FastifyRequest, scope: Scope) => {
    const found = requestToken(req.raw, req.query, req.cookies);
    if (!found) {
      throw unauthorized('a token is required: send "Authorization: Bearer <token>" or add ?token=<token>');
    }
    const id = state.tokens.identify(found.token);
    if (!id) throw unauthorized('the token is not valid (tokens are case-sensitive)');
    if (limiter) {
      const d = limiter.take(id.key, clock.now());
      if (!d.ok) {
        refused.inc({ reason: 'rate_limited' });
        throw new ApiError(
          'rate_limited',
          `too many requests with this token (limit ${limiter.limit.perSecond}/s, burst ${limiter.limit.burst})`,
          Math.max(1, Math.ceil(d.retryAfterMs / 1000)),
        );
      }
    }
    if (!allows(id.scope, scope)) {
      refused.inc({ reason: 'forbidden' });
      throw new ApiError('forbidden', 'this route needs the admin token; a read token was sent');
    }
    if (id.scope === 'read') state.lastUsed.set(id.key, clock.now());
    req.qdIdentity = { ...id, source: found.source };
  };
  const guardScope = (scope: Scope) => (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    try {
      authorize(req, scope);
      done();
    } catch (err) {
      done(err as Error);
    }
  };

  // Writes take JSON only: a cross-site form or a text/plain "simple request" cannot change state,
  // and a body-less POST is refused too rather than read as empty.
  const jsonOnly = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      done(new ApiError('unsupported_media_type', 'send the body as JSON with Content-Type: application/json'));
      return;
    }
    done();
  };

  const sse = createSseHub({
    clock,
    events: options.events,
    logger,
    snapshot: options.snapshot,
    current: { status: options.status, ...options.current },
    ...limits.sse,
    onFrame: (() => {
      const frames = metrics.counter('quotedesk_sse_events_total', 'Events written to stream clients', ['event']);
      return (event) => frames.inc({ event });
    })(),
    onCoalesced: (() => {
      const c = metrics.counter(
        'quotedesk_sse_coalesced_total',
        'Quote updates replaced by a newer one before a slow stream client took them',
      );
      return (n) => c.inc(n);
    })(),
  });
  metrics.gaugeFrom('quotedesk_sse_clients', 'Open event-stream clients', () => sse.clientCount());
  metrics.gaugeFrom('quotedesk_http_open_connections', 'Open sockets of the local API', () => guard?.open() ?? 0);

  registerContractRoutes(app, options.handlers, (name, ep) => ({
    onRequest: guardScope(ep.scope),
    ...(ep.method === 'POST' || ep.method === 'PUT' ? { preValidation: jsonOnly } : {}),
    ...(name === 'rotateAdminToken'
      ? {
          // The browser UI signs in with a cookie: move it to the new token so rotating from the
          // settings screen does not sign the user out.
          preSerialization: (
            req: FastifyRequest,
            reply: FastifyReply,
            payload: unknown,
            done: (err: null, p: unknown) => void,
          ) => {
            const token = (payload as { token?: unknown }).token;
            if (req.qdIdentity?.source === 'cookie' && typeof token === 'string') {
              void reply.setCookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
            }
            done(null, payload);
          },
        }
      : {}),
  }));

  const streamRoute = `${API_PREFIX}/market-data/stream`;
  app.get(
    streamRoute,
    {
      schema: {
        operationId: 'stream',
        summary: 'Live events over server-sent events (text/event-stream).',
        description:
          '`quote` events carry an array of quotes that changed: at most one event per 100 ms per client, ' +
          'coalesced to the latest value per symbol. ' +
          Object.entries(eventDelivery)
            .filter(([name]) => name !== 'quote')
            .map(
              ([name, d]) =>
                `\`${name}\`: ${d.latestOnly ? 'its current value on connect, then each change' : 'each one, in order'}` +
                `${d.scope === 'admin' ? ' (admin token only)' : ''}.`,
            )
            .join(' ') +
          ' Every event has an `id:`; reconnect with Last-Event-ID to receive everything since that id ' +
          '(quotes coalesced per symbol) for the last 10 minutes, or a full snapshot when it is older. ' +
          'A `: keepalive` comment comes every 15 s. The payload schema of each event is in x-sse-events.',
        tags: ['market-data'],
        'x-scope': 'read',
        'x-sse-events': sseEventDocs(converter),
        querystring: z.object({ symbols: symbolListSchema.optional() }),
        headers: z.looseObject({
          'last-event-id': z
            .string()
            .optional()
            .meta({ description: 'The id of the last event received, to resume without gaps.' }),
        }),
        response: {
          200: {
            description: 'An endless stream of events.',
            content: {
              'text/event-stream': {
                schema: { type: 'string', description: 'id: <id>\\nevent: <name>\\ndata: <JSON>\\n\\n, repeated.' },
              },
            },
          },
          ...errorResponses(['bad_request', 'unauthorized', 'forbidden', 'rate_limited', 'unavailable']),
        },
      },
      onRequest: guardScope('read'),
    },
    (req, reply) => {
      const q = req.query as { symbols?: string[] };
      const symbols = q.symbols && q.symbols.length > 0 ? new Set(q.symbols) : undefined;
      const header = req.headers['last-event-id'];
      reply.hijack();
      const ok = sse.attach(reply.raw, {
        symbols,
        lastEventId: typeof header === 'string' ? header : undefined,
        scope: req.qdIdentity?.scope ?? 'read',
        // Only the app's own browser UI signs in with the cookie: it gets a quicker pace (its
        // renderer applies at most one batch per frame anyway) and the universe in events a page
        // parses without a long task. API clients keep one event per 100 ms and whole batches.
        ...(req.qdIdentity?.source === 'cookie' ? limits.ui : {}),
      });
      requests.inc({ method: 'GET', route: streamRoute, status: ok ? '200' : '503' });
      if (!ok) {
        reply.raw.writeHead(503, { 'content-type': JSON_TYPE, 'retry-after': '5', ...SECURITY_HEADERS });
        reply.raw.end(
          JSON.stringify(new ApiError('unavailable', 'too many stream clients; retry shortly', 5).toBody()),
        );
      }
      return reply;
    },
  );

  app.get(
    `${API_PREFIX}/openapi.json`,
    {
      schema: {
        operationId: 'openapi',
        summary: 'This document (OpenAPI 3.1).',
        tags: ['meta'],
        'x-scope': 'read',
        response: {
          200: {
            description: 'The OpenAPI document.',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          ...errorResponses(['unauthorized', 'forbidden', 'rate_limited']),
        },
      },
      onRequest: guardScope('read'),
    },
    (_req, reply) => reply.type(JSON_TYPE).send(app.swagger()),
  );

  app.get(
    '/metrics',
    {
      schema: {
        operationId: 'metrics',
        summary: 'Prometheus metrics (text exposition format 0.0.4): requests, latency, cache, streams, process.',
        tags: ['meta'],
        'x-scope': 'read',
        response: {
          200: {
            description: 'Metrics in the Prometheus text format.',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...errorResponses(['unauthorized', 'forbidden', 'rate_limited']),
        },
      },
      onRequest: guardScope('read'),
    },
    async (_req, reply) => {
      const { contentType, body } = await metrics.render();
      return reply.type(contentType).send(body);
    },
  );

  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'healthz',
        summary: 'Liveness without a token: 200 once every route can answer, 503 while starting or stopping.',
        tags: ['meta'],
        security: [],
        response: {
          200: {
            description: 'Ready.',
            content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
          },
          403: {
            description: 'Refused before routing: the Host or Origin is not this server.',
            content: { 'application/json': { schema: apiErrorBodySchema } },
          },
          503: {
            description: 'Starting or stopping.',
            content: { 'application/json': { schema: apiErrorBodySchema } },
          },
        },
      },
    },
    (_req, reply) =>
      options.isReady()
        ? reply.type(JSON_TYPE).send({ status: 'ok' })
        : sendError(reply, new ApiError('unavailable', 'starting', 1)),
  );

  // Browser login, like a notebook server: the printed URL carries the token once, then a cookie.
  app.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'GET' || (req.url !== '/' && !req.url.startsWith('/?'))) return done();
    const token = (req.query as { token?: unknown }).token;
    if (typeof token === 'string' && token !== '' && state.tokens.identify(token)) {
      void reply.setCookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' }).redirect('/', 302);
      return;
    }
    done();
  });

  if (options.staticDir) {
    await app.register(fastifyStatic, { root: options.staticDir, prefix: '/', index: ['index.html'], wildcard: false });
  }

  await app.listen({ port: options.port, host });
  const address = app.server.address();
  boundPort = typeof address === 'object' && address ? address.port : options.port;
  const hostForUrl = host === '::1' ? '[::1]' : host;
  const url = `http://${hostForUrl}:${boundPort}`;
  state.running = { port: boundPort, url };
  const connections = guard;
  if (!connections) throw new Error('the connection guard was not installed');
  return {
    port: boundPort,
    url,
    app,
    sse,
    connections,
    routes: () =>
      table
        .filter((r) => r.method !== 'HEAD' && (isApi(r.url) || r.url === '/healthz'))
        .map((r) => ({ method: r.method, url: r.url })),
    async close() {
      state.running = null;
      sse.close();
      await app.close();
    },
  };
}
