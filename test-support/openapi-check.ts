// Checks real HTTP responses against the OpenAPI document: status, content type, body schema, headers.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { RawResponse } from './http';

type Json = Record<string, unknown>;
export type Operation = {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: Json }>; headers?: Record<string, Json> }>;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: Json;
  security?: unknown[];
  'x-scope'?: 'read' | 'admin';
  'x-sse-events'?: Record<string, Json>;
};
export type OpenApiDoc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Json };
};

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

export function listOperations(doc: OpenApiDoc): { method: string; path: string; op: Operation }[] {
  const out: { method: string; path: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op) out.push({ method: method.toUpperCase(), path, op });
    }
  }
  return out;
}

/** Which documented path template a concrete path belongs to. */
export function matchPath(doc: OpenApiDoc, method: string, concrete: string): string | undefined {
  const bare = concrete.split('?')[0] ?? '';
  const candidates = Object.keys(doc.paths).filter((p) => doc.paths[p]?.[method.toLowerCase()]);
  // Literal segments win over parameters: /settings/api/admin-token before /settings/api/read-tokens/{id}.
  const scored = candidates
    .map((p) => {
      const re = new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);
      return { p, ok: re.test(bare), params: (p.match(/\{/g) ?? []).length };
    })
    .filter((c) => c.ok)
    .sort((a, b) => a.params - b.params);
  return scored[0]?.p;
}

export type ResponseChecker = {
  /** Problems with a real response of the operation at `method path` (empty when it conforms). */
  check(method: string, path: string, res: RawResponse): string[];
  /** Validates a value against a schema of the document (an SSE event payload, for instance). */
  validate(schema: Json, value: unknown): string[];
};

function rebase(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (k, v: unknown) =>
    k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `doc${v}` : v,
  );
}

export function createResponseChecker(doc: OpenApiDoc): ResponseChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components, $defs: {} }, 'doc');
  const compiled = new Map<string, ValidateFunction>();
  const compile = (schema: Json): ValidateFunction => {
    const key = JSON.stringify(schema);
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile(rebase(schema) as Json);
      compiled.set(key, fn);
    }
    return fn;
  };
  const validate = (schema: Json, value: unknown): string[] => {
    const fn = compile(schema);
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
  };

  return {
    validate,
    check(method, path, res) {
      const op = doc.paths[path]?.[method.toLowerCase()];
      if (!op) return [`${method} ${path} is not in the document`];
      const status = String(res.status);
      // 4xx answers must be documented one by one; `default` only covers unexpected server errors.
      const spec = op.responses[status] ?? (res.status >= 500 ? op.responses.default : undefined);
      if (!spec) return [`status ${status} is not documented for ${method} ${path}`];
      const problems: string[] = [];
      for (const [name] of Object.entries(spec.headers ?? {})) {
        if (res.headers[name.toLowerCase()] === undefined) problems.push(`header ${name} is missing`);
      }
      const content = spec.content;
      if (!content || Object.keys(content).length === 0) {
        if (res.body !== '')
          problems.push(`status ${status} is documented without a body, got "${res.body.slice(0, 60)}"`);
        return problems;
      }
      const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      const media = content[type];
      if (!media) {
        problems.push(
          `content type "${type}" is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`,
        );
        return problems;
      }
      if (!media.schema) return problems;
      let value: unknown = res.body;
      if (type === 'application/json') {
        try {
          value = JSON.parse(res.body);
        } catch {
          return [...problems, 'the body is not JSON'];
        }
      }
      return [...problems, ...validate(media.schema, value)];
    },
  };
}
