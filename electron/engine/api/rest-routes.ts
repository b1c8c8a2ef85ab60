// Derives every REST route from the shared contract: path, schemas, scope, CSV and text forms.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, endpoints, pathParams, type Endpoint, type Handlers } from '../../../shared/contract';
import { toCsv } from '../../../shared/csv';
import { ApiError } from '../../../shared/errors';

/** The element schema behind an endpoint's CSV form, whose keys are the CSV columns. */
function csvColumns(ep: Endpoint): string[] | undefined {
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

export function wantsCsv(req: FastifyRequest): boolean {
  const q = req.query as Record<string, unknown> | undefined;
  if (q?.format === 'csv') return true;
  if (q?.format === 'json') return false;
  const accept = req.headers.accept ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}

export type RouteDecorator = (name: string, ep: Endpoint) => Record<string, unknown>;

/** Registers one fastify route per contract entry; `onRoute` adds per-route options (auth). */
export function registerContractRoutes(app: FastifyInstance, handlers: Handlers, decorate: RouteDecorator): void {
  for (const [name, ep] of Object.entries(endpoints) as [keyof Handlers, Endpoint][]) {
    if (!(ep.input instanceof z.ZodObject)) throw new Error(`endpoint ${name}: input must be an object schema`);
    const input = ep.input;
    const params = pathParams(ep.path);
    const keep = Object.fromEntries(params.map((p) => [p, true])) as Record<string, true>;
    const drop = Object.fromEntries(
      Object.keys(input.shape)
        .filter((k) => !keep[k])
        .map((k) => [k, true]),
    ) as Record<string, true>;
    const paramsSchema = params.length > 0 ? input.omit(drop) : undefined;
    const rest = input.omit(keep);
    const hasBody = ep.method === 'POST' || ep.method === 'PUT';
    const columns = csvColumns(ep);
    const status = ep.status ?? 200;
    const querystring = hasBody
      ? undefined
      : columns
        ? rest.extend({ format: z.enum(['json', 'csv']).optional() })
        : rest;

    app.route({
      method: ep.method,
      url: API_PREFIX + ep.path.replace(/\{(\w+)\}/g, ':$1'),
      schema: {
        operationId: name,
        summary: ep.summary,
        ...(paramsSchema ? { params: paramsSchema } : {}),
        ...(querystring ? { querystring } : {}),
        ...(hasBody ? { body: rest } : {}),
        response: {
          [status]: ep.text
            ? { description: 'One value as text', content: { 'text/plain': { schema: ep.output } } }
            : status === 204
              ? { description: 'No content', content: {} }
              : ep.output,
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
        return reply.send(output);
      },
    });
  }
}

export function notFound(method: string, url: string): ApiError {
  return new ApiError('not_found', `no route ${method} ${url.split('?')[0] ?? ''}`);
}
