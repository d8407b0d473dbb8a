import { listExpressRoutes } from './express-routes';
import { openApiPath } from './openapi';

/**
 * What an API reference's tests check against the real service, written once for the controller
 * and the gateway. Each function returns the problems it found, as sentences naming the
 * operation, so that a failing test lists every drift at once. I/O (HTTP, JSON Schema
 * validation) comes from the caller: this package has no dependency for either.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
export interface Operation {
  method: string;
  path: string;
  op: Loose;
}
export type SendBody = (method: string, path: string, body: unknown) => Promise<{ status: number; body: Loose }>;
/** null when `value` matches `schema`, else why not. */
export type ValidateJson = (schema: object, value: unknown) => string | null;

export const UNKNOWN_KEY = 'apiDocUnknownKey';

export function documentedOperations(doc: Loose): Operation[] {
  return Object.entries(doc.paths as Record<string, Record<string, Loose>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path, op })),
  );
}

/** Routes the app answers that the document lacks, and documented ones the app lacks. */
export function routeDrift(doc: Loose, app: { router: { stack: readonly unknown[] } }): string[] {
  const actual = listExpressRoutes(app).map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`);
  const documented = documentedOperations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`);
  return [
    ...actual.filter((r) => !documented.includes(r)).map((r) => `${r}: answered by the app, missing from the reference`),
    ...documented.filter((r) => !actual.includes(r)).map((r) => `${r}: documented, but the app has no such route`),
  ];
}

const isValidationError = (r: { status: number; body: Loose }) => r.status === 400 && r.body?.code === 'VALIDATION_FAILED';
const unrecognized = (message: unknown, key: string) => new RegExp(`Unrecognized keys?: [^;]*"${key}"`).test(String(message));

/**
 * For each documented body: its example matches the documented schema and passes the route's
 * validation, and the answer (a success, or an error whose code is documented for its status)
 * matches the document; an unknown key is refused naming it; leaving out a documented required
 * key is refused naming it; no documented key is unknown to the route. `send` fills the path's
 * parameters.
 */
export async function bodyDrift(doc: Loose, send: SendBody, validate: ValidateJson): Promise<string[]> {
  const problems: string[] = [];
  for (const { method, path, op } of documentedOperations(doc).filter((o) => o.op.requestBody)) {
    const what = `${method.toUpperCase()} ${path}`;
    const { schema, example } = op.requestBody.content['application/json'];
    if (example === undefined) {
      problems.push(`${what}: no example body`);
      continue;
    }
    const invalid = validate(schema, example);
    if (invalid) problems.push(`${what}: the example does not match the documented schema: ${invalid}`);
    const ok = await send(method, path, example);
    if (isValidationError(ok)) problems.push(`${what}: the route refused the documented example: ${ok.body.message}`);
    const answer = op.responses[String(ok.status)];
    if (!answer) problems.push(`${what}: answered ${ok.status}, which is not documented`);
    // Error answers too: their schema holds the codes documented for that status.
    const answerSchema = answer?.content?.['application/json']?.schema;
    const wrongAnswer = answerSchema ? validate(answerSchema, ok.body) : null;
    if (wrongAnswer) problems.push(`${what}: the answer does not match the documented one: ${wrongAnswer}`);

    const extra = await send(method, path, { ...example, [UNKNOWN_KEY]: 1 });
    if (!isValidationError(extra) || !String(extra.body.message).includes(UNKNOWN_KEY)) {
      problems.push(`${what}: an unknown key was not refused by name (${extra.status} ${JSON.stringify(extra.body)})`);
    }
    for (const key of (schema.required ?? []) as string[]) {
      const { [key]: _left, ...without } = example as Record<string, unknown>;
      const r = await send(method, path, without);
      if (!isValidationError(r) || !String(r.body.message).includes(key)) problems.push(`${what}: "${key}" is documented as required, but the route took the body without it (${r.status})`);
    }
    for (const key of Object.keys(schema.properties ?? {}).filter((k) => !(k in (example as object)))) {
      const r = await send(method, path, { ...example, [key]: null });
      if (unrecognized(r.body?.message, key)) problems.push(`${what}: "${key}" is documented, but the route does not know it`);
    }
  }
  return problems;
}
