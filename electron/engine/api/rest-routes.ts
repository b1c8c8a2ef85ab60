// Derives every REST route from the shared contract: path, schemas, scope, CSV and text forms, docs.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, endpoints, pathParams, type Endpoint, type Handlers } from '../../../shared/contract';
import { toCsv } from '../../../shared/csv';
import { ApiError } from '../../../shared/errors';
import { errorCodesFor, errorResponses } from './openapi';

/** The element schema behind an endpoint's CSV form, whose keys are the CSV columns. */
export function csvColumns(ep: Endpoint): string[] | undefined {
  if (!ep.csv) return undefined;
  let list: z.ZodType | undefined = ep.output;
  if (ep.csv !== '.' && list instanceof z.ZodObject) list = (list.shape as Record<string, z.ZodType>)[ep.csv];
  if (list instanceof z.ZodArray && list.element instanceof z.ZodObject) {
    return Object.keys(list.element.shape);
  }
  throw new Error(`endpoint ${ep.path}: csv "${ep.csv}" is not an array of objects`);
}

function csvRows(ep: Endpoint, output: unknown): object[] {
  const list = ep.csv === '.' ? output : (output as Record<string, unknown>)[ep.csv ?? ''];
  return Array.isArray(list) ? (list as object[]) : [];
}

/** `format=csv`, or an Accept header that asks for CSV rather than JSON. */
export function wantsCsv(req: FastifyRequest): boolean {
  const q = req.query as Record<string, unknown> | undefined;
  if (q?.format === 'csv') return true;
  if (q?.format === 'json') return false;
  const accept = req.headers.accept ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}

/** Per-route options from the server: authentication hooks and the like. */
export type RouteDecorator = (name: keyof Handlers, ep: Endpoint) => Partial<RouteShorthandOptions>;

export type ContractRoute = { name: keyof Handlers; ep: Endpoint; url: string };

/** The fastify URL of a contract path: `/tickers/{symbol}/live` → `/api/v1/tickers/:symbol/live`. */
export function routeUrl(ep: Endpoint): string {
  return API_PREFIX + ep.path.replace(/\{(\w+)\}/g, ':$1');
}

function successResponse(ep: Endpoint, columns: string[] | undefined): Record<string, unknown> {
  const status = ep.status ?? 200;
  if (status === 204) return { description: 'Done; no content.', type: 'null' };
  if (ep.text) {
    return {
      description: 'One value as plain text: a number, an ISO-8601 time, or empty when unknown.',
      content: { 'text/plain': { schema: ep.output } },
    };
  }
  return {
    description: columns ? 'JSON, or CSV with format=csv or Accept: text/csv.' : 'JSON.',
    content: {
      'application/json': { schema: ep.output },
      ...(columns
        ? {
            'text/csv': {
              schema: {
                type: 'string',
                description: `A header row (${columns.join(',')}) then one row per item; numbers plain, times ISO-8601 UTC.`,
              },
            },
          }
        : {}),
    },
  };
}

/** Registers one fastify route per contract entry; `decorate` adds per-route options (auth). */
export function registerContractRoutes(
  app: FastifyInstance,
  handlers: Handlers,
  decorate: RouteDecorator,
): ContractRoute[] {
  const routes: ContractRoute[] = [];
  for (const [name, ep] of Object.entries(endpoints) as [keyof Handlers, Endpoint][]) {
    if (!(ep.input instanceof z.ZodObject)) throw new Error(`endpoint ${name}: input must be an object schema`);
    const input = ep.input;
    const params = pathParams(ep.path);
    const keep = Object.fromEntries(params.map((p) => [p, true])) as Record<string, true>;
    const paramsSchema = params.length > 0 ? input.pick(keep) : undefined;
    const rest = input.omit(keep);
    const hasBody = ep.method === 'POST' || ep.method === 'PUT';
    const columns = csvColumns(ep);
    const status = ep.status ?? 200;
    const querystring = hasBody
      ? undefined
      : columns
        ? rest.extend({
            format: z
              .enum(['json', 'csv'])
              .optional()
              .meta({ description: 'csv for CSV (or send Accept: text/csv); json by default.' }),
          })
        : rest;
    // Unknown body fields are refused (a typo must not become a silent no-op); unknown query
    // parameters are ignored, so a spreadsheet's cache-buster (&t=NOW()) does no harm.
    const body = hasBody ? z.strictObject(rest.shape) : undefined;
    const hasInput = Object.keys(input.shape).length > 0 || columns !== undefined;
    const url = routeUrl(ep);

    app.route({
      method: ep.method,
      url,
      schema: {
        operationId: name,
        summary: ep.summary,
        tags: [ep.path.split('/')[1] ?? 'api'],
        'x-scope': ep.scope,
        ...(paramsSchema ? { params: paramsSchema } : {}),
        ...(querystring ? { querystring } : {}),
        ...(body ? { body } : {}),
        response: {
          [status]: successResponse(ep, columns),
          ...errorResponses(errorCodesFor(ep, hasInput, params.length > 0)),
        },
      },
      ...decorate(name, ep),
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const merged = {
          ...((hasBody ? req.body : req.query) as object | undefined),
          ...(req.params as object | undefined),
        };
        delete (merged as { format?: unknown }).format;
        const handler = handlers[name] as (i: unknown) => unknown;
        const output = await handler(merged);
        if (status === 204) return reply.code(204).send();
        reply.code(status);
        if (ep.text) return reply.type('text/plain; charset=utf-8').send(String(output));
        if (columns && wantsCsv(req)) {
          return reply.type('text/csv; charset=utf-8').send(toCsv(csvRows(ep, output), columns as never[]));
        }
        return reply.type('application/json; charset=utf-8').send(output);
      },
    });
    routes.push({ name, ep, url });
  }
  return routes;
}

export function notFound(method: string, url: string): ApiError {
  return new ApiError('not_found', `no route ${method} ${url.split('?')[0] ?? ''}`);
}
