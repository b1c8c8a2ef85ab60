// The shape of one contract entry: schema, REST route, IPC channel and token scope, written once.
import type { z } from 'zod';
import type { ErrorCode } from '../errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `read` tokens may call read endpoints; the admin token may call everything. */
export type Scope = 'read' | 'admin';

export type Endpoint<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  method: HttpMethod;
  /** Under /api/v1, with `{param}` placeholders that name keys of the input object. */
  path: string;
  scope: Scope;
  summary: string;
  /** Path params, query string (GET/DELETE) and JSON body (POST/PUT) merged into one object. */
  input: I;
  output: O;
  /** Success status when it is not 200 (201 for creation, 202 accepted, 204 no content). */
  status?: 200 | 201 | 202 | 204;
  /** The REST form answers `text/plain` (one value, for spreadsheets' WEBSERVICE). */
  text?: boolean;
  /** The REST form can answer CSV (`format=csv` or `Accept: text/csv`) from this array property
   *  of the output, or from the output itself when it is an array ('.'). */
  csv?: string;
  /** Errors the handler may answer besides those every route has (bad input, token, scope, rate
   *  limit, unknown id): they are documented in the OpenAPI document and checked by its tests. */
  errors?: ErrorCode[];
};

/** Keeps each entry's literal types while checking it against Endpoint. */
export function endpoint<I extends z.ZodType, O extends z.ZodType>(e: Endpoint<I, O>): Endpoint<I, O> {
  return e;
}

export const API_PREFIX = '/api/v1';

export function ipcChannel(name: string): string {
  return `qd:call:${name}`;
}

export function ipcEventChannel(name: string): string {
  return `qd:event:${name}`;
}

/** Names of the `{param}` placeholders of a path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}
