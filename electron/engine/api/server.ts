// The local REST + SSE server (fastify) on 127.0.0.1: contract routes, guards, stream, UI files.
import http from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { z } from 'zod';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { API_PREFIX, type Endpoint, type Handlers, type MarketDataStatus } from '../../../shared/contract';
import { ApiError, describeZodError, toErrorBody } from '../../../shared/errors';
import type { Quote } from '../../../shared/quote';
import { symbolListSchema } from '../../../shared/symbols';
import type { Clock } from '../clock';
import type { EventHub } from '../events';
import type { Logger } from '../logger';
import { notFound, registerContractRoutes } from './rest-routes';
import { allows, isAllowedHost, isAllowedOrigin, requestToken, TOKEN_COOKIE, type TokenSet } from './security';
import { createSseHub, type SseHub, type SseOptions } from './sse';

export type ApiServerOptions = {
  handlers: Handlers;
  events: EventHub;
  clock: Clock;
  logger: Logger;
  tokens: TokenSet;
  /** 0 picks a free port. */
  port: number;
  /** Only loopback addresses are accepted. */
  host?: string;
  /** The built renderer, served at `/` for the browser form of the UI. */
  staticDir?: string;
  isReady: () => boolean;
  snapshot: (symbols: ReadonlySet<string> | undefined) => Quote[];
  status: () => MarketDataStatus;
  /** Other pushed events with their current value for a new SSE client. */
  current?: SseOptions['current'];
};

export type ApiServer = {
  readonly port: number;
  readonly url: string;
  readonly app: FastifyInstance;
  readonly sse: SseHub;
  close(): Promise<void>;
};

const LOOPBACK = new Set(['127.0.0.1', '::1']);

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(err.retryAfter)));
  return reply.code(err.status).type('application/json; charset=utf-8').send(err.toBody());
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new Error(`the local API binds to loopback only (127.0.0.1 or ::1), not "${host}"`);
  }
  const { logger, tokens } = options;
  let boundPort = options.port;

  const app = Fastify({
    logger: false,
    // Requests must arrive whole in time, so slow senders cannot hold a connection forever.
    requestTimeout: 15_000,
    keepAliveTimeout: 5_000,
    bodyLimit: 1_048_576,
    serverFactory: (handler) => {
      const server = http.createServer((req, res) => {
        // Checked before routing, for every path: DNS rebinding and cross-site requests end here.
        const refusal = !isAllowedHost(req.headers.host, boundPort)
          ? 'this server only answers requests addressed to 127.0.0.1, localhost or [::1] on its own port'
          : !isAllowedOrigin(req.headers.origin, boundPort)
            ? 'requests from other web origins are refused'
            : undefined;
        if (refusal) {
          res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
          res.end(JSON.stringify(new ApiError('forbidden', refusal).toBody()));
          return;
        }
        handler(req, res);
      });
      server.headersTimeout = 10_000;
      server.maxHeadersCount = 100;
      server.maxConnections = 512;
      return server;
    },
  });

  app.setValidatorCompiler(validatorCompiler);
  // Handlers return contract-typed values; the tests check them against the OpenAPI document.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Quotedesk local API',
        version: '1',
        description: 'Live US quotes for spreadsheets, scripts and live tools, on 127.0.0.1 only.',
      },
      servers: [{ url: 'http://127.0.0.1:7717' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          queryToken: { type: 'apiKey', in: 'query', name: 'token' },
        },
      },
      security: [{ bearer: [] }, { queryToken: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    if (!req.url.startsWith(API_PREFIX) && req.url !== '/healthz' && req.url !== '/metrics') {
      reply.header('content-security-policy', UI_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    done(null, payload);
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return sendError(reply, err);
    const e = err as { validation?: unknown; statusCode?: number; message?: string; cause?: unknown };
    if (e.validation) {
      const cause = e.cause as { issues?: unknown } | undefined;
      const message =
        cause && typeof cause === 'object' && 'issues' in cause
          ? describeZodError(cause as never)
          : (e.message ?? 'invalid request');
      return sendError(reply, new ApiError('bad_request', message));
    }
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      const code = e.statusCode === 404 ? 'not_found' : e.statusCode === 429 ? 'rate_limited' : 'bad_request';
      return reply.code(e.statusCode).send(new ApiError(code, e.message ?? 'bad request').toBody());
    }
    logger.error({ err: String(err), url: req.url }, 'request failed');
    return reply.code(500).send(toErrorBody(err));
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, notFound(req.method, req.url)));

  const authorize = (req: FastifyRequest, scope: Endpoint['scope']) => {
    const token = requestToken(req.raw, req.query, req.cookies);
    if (!token) {
      throw new ApiError(
        'unauthorized',
        'a token is required: send "Authorization: Bearer <token>" or add ?token=<token>',
      );
    }
    const granted = tokens.scopeOf(token);
    if (!granted) throw new ApiError('unauthorized', 'the token is not valid (tokens are case-sensitive)');
    if (!allows(granted, scope))
      throw new ApiError('forbidden', 'this route needs the admin token; a read token was sent');
  };

  const sse = createSseHub({
    clock: options.clock,
    events: options.events,
    logger,
    snapshot: options.snapshot,
    current: { status: options.status, ...options.current },
  });

  registerContractRoutes(app, options.handlers, (_name, ep) => ({
    onRequest: (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
      try {
        authorize(req, ep.scope);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  }));

  app.get(
    `${API_PREFIX}/market-data/stream`,
    {
      schema: {
        operationId: 'stream',
        summary: 'Server-sent events: quote (batched), status; id on every event; resume with Last-Event-ID.',
        querystring: z.object({ symbols: symbolListSchema.optional() }),
      },
      onRequest: (req, _reply, done) => {
        try {
          authorize(req, 'read');
          done();
        } catch (err) {
          done(err as Error);
        }
      },
    },
    (req, reply) => {
      const q = req.query as { symbols?: string[] };
      const symbols = q.symbols && q.symbols.length > 0 ? new Set(q.symbols) : undefined;
      const header = req.headers['last-event-id'];
      const lastEventId = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
      reply.hijack();
      reply.raw.setHeader('x-content-type-options', 'nosniff');
      if (!sse.attach(reply.raw, symbols, lastEventId)) {
        reply.raw.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
        reply.raw.end(JSON.stringify(new ApiError('unavailable', 'too many stream clients', 5).toBody()));
      }
      return reply;
    },
  );

  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, (_req, reply) => reply.send(app.swagger()));

  app.get('/healthz', { schema: { hide: true } }, (_req, reply) =>
    options.isReady()
      ? reply.send({ status: 'ok' })
      : reply.code(503).send(new ApiError('unavailable', 'starting').toBody()),
  );

  // Browser login, like a notebook server: the printed URL carries the token once, then a cookie.
  app.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'GET' || (req.url !== '/' && !req.url.startsWith('/?'))) return done();
    const token = (req.query as { token?: unknown }).token;
    if (typeof token === 'string' && token !== '') {
      if (tokens.scopeOf(token)) {
        void reply.setCookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' }).redirect('/', 302);
        return;
      }
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
  return {
    port: boundPort,
    url: `http://${hostForUrl}:${boundPort}`,
    app,
    sse,
    async close() {
      sse.close();
      await app.close();
    },
  };
}
