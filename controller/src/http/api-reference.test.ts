import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExpressRoutes, openApiPath } from '@ioc/protocol';
import { startHarness, type Harness, type Loose } from '../test-support/harness';

/**
 * The API reference held to the real controller: every route the express app answers is
 * documented and nothing else is; every documented body, query and role is what the route
 * really accepts; the documented answers are what the routes really send.
 */
let h: Harness;
let admin: string;
let doc: Loose;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

interface Op {
  method: string;
  path: string;
  op: Loose;
}
const operations = (): Op[] =>
  Object.entries(doc.paths as Record<string, Record<string, Loose>>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));

/** A path to call: the real wall (layouts are saved only on one that exists), ids that match nothing. */
const fill = (path: string) => path.replace('{wallId}', 'command').replace('{rest}', 'some/page').replace('{n}', '1').replace(/\{[^}]+\}/g, 'no-such-id');

function expectValid(schema: object, value: unknown, what: string): void {
  const validate = ajv.compile(schema);
  expect(validate(value), `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`).toBe(true);
}

beforeAll(async () => {
  // Each documented command is sent twice in a row: a burst the command limit must not answer.
  h = await startHarness({ limits: { commands: { perSecond: 1000, burst: 1000 } } });
  admin = await h.login();
  const r = await h.api('GET', '/api/openapi.json');
  expect(r.status).toBe(200);
  doc = r.body;
});
afterAll(() => h.close());

describe('the API reference (/api/openapi.json)', () => {
  it('is public OpenAPI 3.1 with JSON Schema 2020-12 from the zod schemas, and carries the socket events', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // OpenAPI 3.1's default dialect takes JSON Schema 2020-12, which zod writes; Swagger UI reads no other.
    expect(doc.jsonSchemaDialect).toBeUndefined();
    const apply = doc.paths['/api/walls/{wallId}/apply'].post;
    expect(apply['x-roles']).toEqual(['admin', 'operator']);
    expect(Object.keys(apply.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413']));
    expect(apply.responses['404'].content['application/json'].schema.properties.code.enum).toEqual(['WALL_NOT_FOUND', 'LAYOUT_NOT_FOUND']);
    const events = (await h.api('GET', '/api/events.json')).body;
    expect(doc['x-socket-events']).toEqual(events);
    expect(Object.keys(events.namespaces)).toEqual(['/screen', '/console']);
    expect(events.namespaces['/console'].clientToServer.applyLayout.payload.required).toEqual(['wallId']);
    expect(events.namespaces['/screen'].serverToClient.state.payload.properties.tiles.type).toBe('array');
    expect(doc.components.schemas['socket.screen.heartbeat.payload']).toEqual(events.namespaces['/screen'].clientToServer.heartbeat.payload);
  });

  it('documents every route the express app answers, and no route it does not', () => {
    const actual = listExpressRoutes(h.ctrl.app).map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`);
    const documented = operations().map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(actual.length).toBeGreaterThan(40);
    expect(actual.filter((r) => !documented.includes(r)), 'routes missing from the reference').toEqual([]);
    expect(documented.filter((r) => !actual.includes(r)), 'documented routes the app does not have').toEqual([]);
  });

  it('documents each body as the route accepts it: its example passes, an unknown key is refused by name', async () => {
    const withBody = operations().filter((o) => o.op.requestBody);
    expect(withBody.length).toBeGreaterThan(12);
    for (const { method, path, op } of withBody) {
      const what = `${method.toUpperCase()} ${path}`;
      const media = op.requestBody.content['application/json'];
      expect(media.example, `${what} has an example`).toBeDefined();
      expectValid(media.schema, media.example, `${what}: example against the documented schema`);
      const ok = await h.api(method.toUpperCase(), fill(path), { token: admin, body: media.example });
      expect(ok.body?.code, `${what} refused its documented example: ${JSON.stringify(ok.body)}`).not.toBe('VALIDATION_FAILED');
      const success = Object.keys(op.responses).find((s) => s.startsWith('2'));
      expect(Object.keys(op.responses), `${what} answered an undocumented ${ok.status}`).toContain(String(ok.status));
      const schema = op.responses[String(ok.status)]?.content?.['application/json']?.schema;
      if (success === String(ok.status) && schema) expectValid(schema, ok.body, `${what}: answer against the documented schema`);
      const bad = await h.api(method.toUpperCase(), fill(path), { token: admin, body: { ...media.example, apiDocUnknownKey: 1 } });
      expect(bad.status, `${what} took an unknown key: ${JSON.stringify(bad.body)}`).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.message).toContain('apiDocUnknownKey');
    }
  });

  it('documents each query parameter the route parses: a bad value is refused naming it', async () => {
    const params = operations().flatMap((o) => (o.op.parameters as Loose[]).filter((p) => p.in === 'query').map((p) => ({ ...o, name: p.name as string })));
    expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'state', 'wallId']));
    for (const { method, path, name } of params) {
      const r = await h.api(method.toUpperCase(), `${fill(path)}?${name}=${encodeURIComponent('!not valid!')}`, { token: admin });
      expect(r.status, `${method} ${path}?${name}`).toBe(400);
      expect(r.body.message).toContain(name);
    }
  });

  it('answers the documented shapes on every list and read that needs no id', async () => {
    const reads = operations().filter((o) => o.method === 'get' && o.path.startsWith('/api/') && !o.path.includes('{') && o.op.responses['200']?.content?.['application/json']?.schema);
    expect(reads.length).toBeGreaterThan(10);
    for (const { path, op } of reads) {
      const r = await h.api('GET', path, { token: admin });
      expect(r.status, `GET ${path}: ${JSON.stringify(r.body)}`).toBe(200);
      expectValid(op.responses['200'].content['application/json'].schema, r.body, `GET ${path}`);
    }
  });

  it("holds to each route's documented roles: a viewer is refused exactly where the reference says", async () => {
    const viewer = await h.userToken('api-doc-viewer', ['viewer']);
    const guarded = operations().filter((o) => o.op['x-roles']);
    expect(guarded.length).toBeGreaterThan(30);
    for (const { method, path, op } of guarded) {
      const body = op.requestBody?.content['application/json'].example;
      const r = await h.api(method.toUpperCase(), fill(path), { token: viewer, ...(body === undefined ? {} : { body }) });
      const refused = r.status === 403 && r.body?.code === 'FORBIDDEN';
      expect(refused, `${method.toUpperCase()} ${path} as a viewer: ${r.status} ${JSON.stringify(r.body)}`).toBe(!op['x-roles'].includes('viewer'));
    }
  });
});
