import { z } from 'zod';
import { ApiErrorSchema, ERROR_CODES, type ErrorCode } from './errors';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One documented route. This list is the only hand-written part of an API reference: every
 * shape in it is the zod schema the route parses with (or answers with), turned into JSON Schema
 * by zod itself, and a completeness test holds the list to the real express app.
 */
export interface ApiRoute {
  method: HttpMethod;
  /** Express syntax, full path: `/api/walls/:wallId`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** A key of the document's security schemes, or 'public'. */
  auth: string;
  /** The permission that guards it and the roles that hold it. */
  permission?: { name: string; roles: readonly string[] };
  body?: z.ZodType;
  /** The body may be left out. */
  bodyOptional?: boolean;
  /** A minimal valid body: shown in the reference, and sent by the completeness test. */
  example?: unknown;
  query?: z.ZodType;
  response?: { status?: number; schema?: z.ZodType; contentType?: string; description?: string };
  /** Codes this route answers besides the ones its auth, permission, body and query imply. */
  errors?: readonly ErrorCode[];
}

export interface OpenApiInput {
  title: string;
  version: string;
  description?: string;
  routes: readonly ApiRoute[];
  securitySchemes: Record<string, Record<string, unknown>>;
  tags?: { name: string; description: string }[];
  /** More named schemas to show (e.g. socket events), as JSON Schema already. */
  schemas?: Record<string, unknown>;
  /** Top-level `x-` extensions. */
  extensions?: Record<`x-${string}`, unknown>;
}

type Json = Record<string, unknown>;

/** A zod schema as OpenAPI 3.1 wants it: JSON Schema 2020-12, inline, without `$schema`. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: dropSafeIntegerBounds }) as Json;
  return rest;
}

/** `z.int()` bounds every integer by JS's safe range: noise to a reader (and to example makers). */
function dropSafeIntegerBounds({ jsonSchema: s }: { jsonSchema: Record<string, unknown> }): void {
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
}

/** `/api/walls/:wallId` -> `/api/walls/{wallId}`; `*rest` -> `{rest}`. */
export const openApiPath = (path: string) => path.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');

function impliedErrors(r: ApiRoute): ErrorCode[] {
  const codes: ErrorCode[] = [...(r.errors ?? [])];
  if (r.body || r.query) codes.push('VALIDATION_FAILED');
  if (r.body) codes.push('PAYLOAD_TOO_LARGE');
  if (r.auth !== 'public') codes.push('UNAUTHENTICATED');
  if (r.auth === 'session') codes.push('SESSION_EXPIRED');
  if (r.permission) codes.push('FORBIDDEN');
  return [...new Set(codes)];
}

function errorResponses(codes: readonly ErrorCode[]): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of codes) byStatus.set(ERROR_CODES[c], [...(byStatus.get(ERROR_CODES[c]) ?? []), c]);
  const out: Json = {};
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const schema = jsonSchemaOf(ApiErrorSchema.extend({ code: z.enum(list as [ErrorCode, ...ErrorCode[]]) }), 'output');
    out[String(status)] = { description: list.join(', '), content: { 'application/json': { schema } } };
  }
  return out;
}

function parameters(r: ApiRoute): Json[] {
  const params: Json[] = [...r.path.matchAll(/[:*]([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (r.query) {
    const q = jsonSchemaOf(r.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      params.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
    }
  }
  return params;
}

function operation(r: ApiRoute): Json {
  const res = r.response ?? {};
  const status = String(res.status ?? 200);
  const success: Json = { description: res.description ?? 'OK' };
  if (res.schema) success.content = { [res.contentType ?? 'application/json']: { schema: jsonSchemaOf(res.schema, 'output') } };
  else if (res.contentType) success.content = { [res.contentType]: {} };
  const roles = r.permission ? `\n\nPermission \`${r.permission.name}\`: ${r.permission.roles.join(', ')}.` : '';
  const op: Json = {
    tags: [r.tag],
    summary: r.summary,
    description: `${r.description ?? ''}${roles}`.trim() || undefined,
    operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+/g, '_')}`,
    security: r.auth === 'public' ? [] : [{ [r.auth]: [] }],
    parameters: parameters(r),
    responses: { [status]: success, ...errorResponses(impliedErrors(r)) },
  };
  if (r.permission) op['x-roles'] = r.permission.roles;
  if (r.body) {
    const media: Json = { schema: jsonSchemaOf(r.body, 'input') };
    if (r.example !== undefined) media.example = r.example;
    op.requestBody = { required: !r.bodyOptional, content: { 'application/json': media } };
  }
  return op;
}

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument(o: OpenApiInput): Json {
  const paths: Record<string, Json> = {};
  for (const r of o.routes) (paths[openApiPath(r.path)] ??= {})[r.method] = operation(r);
  return {
    openapi: '3.1.0',
    info: { title: o.title, version: o.version, ...(o.description ? { description: o.description } : {}) },
    tags: o.tags ?? [],
    paths,
    components: { securitySchemes: o.securitySchemes, schemas: { ApiError: jsonSchemaOf(ApiErrorSchema, 'output'), ...o.schemas } },
    ...o.extensions,
  };
}
