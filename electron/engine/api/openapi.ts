// The OpenAPI 3.1 document: route schemas (zod) turned into JSON Schema for @fastify/swagger.
import { z } from 'zod';
import {
  apiSettingsSchema,
  eventSchemas,
  marketDataStatusSchema,
  portfolioSchema,
  portfolioValuationSchema,
  priceHistorySchema,
  quotePageSchema,
  readTokenInfoSchema,
  watchlistSchema,
  type Endpoint,
} from '../../../shared/contract';
import { apiErrorBodySchema, type ErrorCode } from '../../../shared/errors';
import { quoteSchema, symbolInfoSchema } from '../../../shared/quote';
import { symbolListSchema, symbolSchema } from '../../../shared/symbols';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

/** Output schemas worth a name in components.schemas (clients generate types from them). */
function componentRegistry() {
  const registry = z.registry<{ id: string }>();
  const named: [z.ZodType, string][] = [
    [apiErrorBodySchema, 'Error'],
    [quoteSchema, 'Quote'],
    [quotePageSchema, 'QuotePage'],
    [symbolInfoSchema, 'SymbolInfo'],
    [priceHistorySchema, 'PriceHistory'],
    [marketDataStatusSchema, 'MarketDataStatus'],
    [watchlistSchema, 'Watchlist'],
    [portfolioSchema, 'Portfolio'],
    [portfolioValuationSchema, 'PortfolioValuation'],
    [apiSettingsSchema, 'ApiSettings'],
    [readTokenInfoSchema, 'ReadTokenInfo'],
  ];
  for (const [schema, id] of named) registry.add(schema, { id });
  return registry;
}

const SYMBOL_DOC = {
  type: 'string',
  pattern: '^\\s*[A-Za-z][A-Za-z0-9]{0,6}(?:[.-][A-Za-z0-9]{1,4}){0,2}\\s*$',
  description: 'A ticker symbol such as AAPL or BRK.B; lower case is accepted.',
  examples: ['AAPL'],
};

/** Schemas whose JSON form zod cannot tell (transforms, preprocessing) are documented by hand here. */
function override(ctx: { zodSchema: unknown; jsonSchema: Json }, io: Io): void {
  const json = ctx.jsonSchema;
  if (io === 'input' && ctx.zodSchema === symbolSchema) {
    for (const k of Object.keys(json)) delete json[k];
    Object.assign(json, SYMBOL_DOC);
  }
  if (io === 'input' && ctx.zodSchema === symbolListSchema) {
    for (const k of Object.keys(json)) delete json[k];
    Object.assign(json, {
      description: 'Symbols: a comma-separated list in a query string (AAPL,MSFT), an array in a JSON body.',
      anyOf: [
        { type: 'array', maxItems: 5000, items: SYMBOL_DOC },
        { type: 'string', examples: ['AAPL,MSFT'] },
      ],
    });
  }
  // zod leaves empty branches for unrepresentable members of a union; they would accept anything.
  if (Array.isArray(json.anyOf)) json.anyOf = (json.anyOf as Json[]).filter((b) => Object.keys(b).length > 0);
}

const PLACEHOLDER = '__QD_REF__';

/** Removes zod's identity keywords: schemas are referenced through components, not by $id. */
function sanitize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitize);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$schema' || k === '$id') continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, sanitize(s)]))
        : sanitize(v);
  }
  return out;
}

function refsToComponents(schema: unknown): Json {
  return JSON.parse(JSON.stringify(sanitize(schema)), (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith(PLACEHOLDER) ? `#/components/schemas/${v.replace(/^.*\/(?=[^/]+$)/, '')}` : v,
  ) as Json;
}

export type SchemaConverter = {
  toJson(schema: z.ZodType, io: Io): Json;
  components(): Record<string, Json>;
};

export function createSchemaConverter(): SchemaConverter {
  const registry = componentRegistry();
  const empty = z.registry<{ id: string }>();
  return {
    toJson(schema, io) {
      // Inputs are inlined: their accepted forms (strings for numbers, lists) differ from outputs'.
      const metadata = io === 'output' ? registry : empty;
      const id = metadata.get(schema)?.id;
      if (id) return { $ref: `#/components/schemas/${id}` };
      const one = z.registry<{ id: string }>();
      one.add(schema, { id: 'root' });
      const { schemas } = z.toJSONSchema(one, {
        target: 'draft-2020-12',
        io,
        metadata,
        unrepresentable: 'any',
        cycles: 'ref',
        reused: 'inline',
        uri: () => PLACEHOLDER,
        override: (ctx) => override(ctx as never, io),
      });
      return refsToComponents(schemas.root);
    },
    components() {
      const { schemas } = z.toJSONSchema(registry, {
        target: 'draft-2020-12',
        io: 'output',
        metadata: registry,
        unrepresentable: 'any',
        cycles: 'ref',
        reused: 'inline',
        uri: (id) => `${PLACEHOLDER}#/$defs/${id}`,
        override: (ctx) => override(ctx as never, 'output'),
      });
      const out: Record<string, Json> = {};
      for (const [id, s] of Object.entries(schemas)) {
        if (id !== '__shared') out[id] = refsToComponents(s);
      }
      return out;
    },
  };
}

const ERROR_TEXT: Record<ErrorCode, string> = {
  bad_request: 'The request is malformed: a parameter or the body does not match the schema.',
  unauthorized: 'No token, or an unknown one (tokens are case-sensitive).',
  forbidden:
    'Refused: a read token on an admin route, or a request whose Host or Origin is not this server (checked before routing).',
  not_found: 'No such thing (an unknown symbol, id or route).',
  method_not_allowed: 'The path exists with other methods (see the Allow header).',
  conflict: 'The request conflicts with the current state.',
  payload_too_large: 'The body is over 1 MiB.',
  unsupported_media_type: 'Writes take a JSON body sent as Content-Type: application/json.',
  rate_limited: 'Too many requests for this token: wait for Retry-After seconds.',
  unavailable: 'Not available yet: retry after Retry-After seconds.',
  internal: 'Unexpected error; the log has the details.',
};

const STATUS_OF: Record<ErrorCode, string> = {
  bad_request: '400',
  unauthorized: '401',
  forbidden: '403',
  not_found: '404',
  method_not_allowed: '405',
  conflict: '409',
  payload_too_large: '413',
  unsupported_media_type: '415',
  rate_limited: '429',
  unavailable: '503',
  internal: '500',
};

const errorContent = { 'application/json': { schema: apiErrorBodySchema } };
const retryAfter = {
  'retry-after': { type: 'integer', minimum: 1, description: 'Seconds to wait before trying again.' },
};

/** Error responses for an operation: the codes every route may answer, plus its own. */
export function errorResponses(codes: readonly ErrorCode[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const code of codes) {
    const status = STATUS_OF[code];
    const prior = out[status]?.description as string | undefined;
    out[status] = {
      description: prior ? `${prior} Or: ${ERROR_TEXT[code]}` : ERROR_TEXT[code],
      content: errorContent,
      ...(code === 'rate_limited' || code === 'unavailable' ? { headers: retryAfter } : {}),
    };
  }
  out.default = { description: ERROR_TEXT.internal, content: errorContent };
  return out;
}

/** The error codes a contract route may answer, from its shape and its declared extras. */
export function errorCodesFor(ep: Endpoint, hasInput: boolean, hasPathParams: boolean): ErrorCode[] {
  const codes: ErrorCode[] = ['unauthorized', 'forbidden', 'rate_limited'];
  if (hasInput || ep.method === 'POST' || ep.method === 'PUT') codes.push('bad_request');
  if (hasPathParams) codes.push('not_found');
  if (ep.method === 'POST' || ep.method === 'PUT') codes.push('payload_too_large', 'unsupported_media_type');
  for (const c of ep.errors ?? []) if (!codes.includes(c)) codes.push(c);
  return codes;
}

/** Event names and their payload schemas, for the stream's documentation. */
export function sseEventDocs(converter: SchemaConverter): Json {
  return Object.fromEntries(
    Object.entries(eventSchemas).map(([name, schema]) => [name, converter.toJson(schema as z.ZodType, 'output')]),
  );
}

export const OPENAPI_INFO = {
  title: 'Quotedesk local API',
  version: '1',
  description:
    'Live US quotes for spreadsheets, scripts and live tools, on 127.0.0.1 only. Every route but /healthz ' +
    'needs a token: the admin token may call everything; a read token (x-scope: read) may only read quotes, ' +
    'status, history and streams. Errors are {"error":{"code","message"}}. Lists answer CSV with format=csv ' +
    'or Accept: text/csv. Unknown query parameters are ignored (a cache-buster such as &t=NOW() is fine).',
};

export const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <token>' },
  queryToken: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: '?token=<token>, for spreadsheets that cannot send headers (WEBSERVICE).',
  },
  cookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'qd_token',
    description: 'Set by signing in to the browser UI at /?token=<token> (HttpOnly, SameSite=Strict).',
  },
};

export const DEFAULT_SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { queryToken: [] }, { cookie: [] }];

/**
 * The per-route transform for @fastify/swagger: zod schemas in params, querystring, body and
 * response contents become JSON Schema; plain JSON schemas pass through.
 */
export function createRouteTransform(converter: SchemaConverter) {
  const conv = (s: unknown, io: Io): unknown => (s instanceof z.ZodType ? converter.toJson(s, io) : s);
  return ({ schema, url }: { schema?: Json; url: string }): { schema: Json | undefined; url: string } => {
    if (!schema) return { schema, url };
    if (schema.hide) return { schema: { hide: true }, url };
    const out: Json = { ...schema };
    for (const part of ['params', 'querystring', 'body', 'headers'] as const) {
      if (schema[part] !== undefined) out[part] = conv(schema[part], 'input');
    }
    if (schema.response) {
      const responses: Json = {};
      for (const [status, r] of Object.entries(schema.response as Json)) {
        const resp = r as Json;
        if (resp.content && typeof resp.content === 'object') {
          const content: Json = {};
          for (const [type, media] of Object.entries(resp.content as Json)) {
            const m = media as Json;
            content[type] = { ...m, schema: conv(m.schema, 'output') };
          }
          responses[status] = { ...resp, content };
        } else {
          responses[status] = conv(resp, 'output');
        }
      }
      out.response = responses;
    }
    return { schema: out, url };
  };
}
