import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyDrift, documentedOperations, listExpressRoutes, routeDrift, type SendBody } from '@ioc/protocol';
import { next, request, startHarness, type Harness, type Loose } from '../test-support/harness';

/**
 * The API reference held to the real controller: every route the express app answers is
 * documented and nothing else is; every documented body, query and role is what the route
 * really accepts; the documented answers are what the routes really send.
 */
let h: Harness;
let admin: string;
let doc: Loose;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

const operations = () => documentedOperations(doc);

/** A path to call: the real wall (layouts are saved only on one that exists), ids that match nothing. */
const fill = (path: string) => path.replace('{wallId}', 'command').replace('{rest}', 'some/page').replace('{n}', '1').replace(/\{[^}]+\}/g, 'no-such-id');

function validateJson(schema: object, value: unknown): string | null {
  const validate = ajv.compile(schema);
  return validate(value) ? null : `${ajv.errorsText(validate.errors)} in ${JSON.stringify(value).slice(0, 300)}`;
}

beforeAll(async () => {
  // Each documented command is sent several times in a row: a burst the command limit must not answer.
  // demo.autoPair: a screen connects paired, so its socket has every screen handler to look at.
  h = await startHarness({ limits: { commands: { perSecond: 1000, burst: 1000 } }, demo: { autoPair: true } });
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
    expect(Object.keys(apply.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '429']));
    expect(apply.responses['404'].content['application/json'].schema.properties.code.enum).toEqual(['WALL_NOT_FOUND', 'LAYOUT_NOT_FOUND']);
    const events = (await h.api('GET', '/api/events.json')).body;
    expect(doc['x-socket-events']).toEqual(events);
    expect(Object.keys(events.namespaces)).toEqual(['/screen', '/console']);
    expect(events.namespaces['/console'].clientToServer.applyLayout.payload.required).toEqual(['wallId']);
    expect(events.namespaces['/screen'].serverToClient.state.payload.properties.tiles.type).toBe('array');
    expect(events.namespaces['/screen'].serverToClient.state.payload.description).toContain('activateAt');
    expect(doc.components.schemas['socket.screen.heartbeat.payload']).toEqual(events.namespaces['/screen'].clientToServer.heartbeat.payload);
  });

  it('documents every route the express app answers, and no route it does not', () => {
    expect(listExpressRoutes(h.ctrl.app).length).toBeGreaterThan(40);
    expect(routeDrift(doc, h.ctrl.app)).toEqual([]);
  });

  it('documents each body as the route accepts it: example, unknown key, required keys, known keys, answer', async () => {
    expect(operations().filter((o) => o.op.requestBody).length).toBeGreaterThan(12);
    const send: SendBody = (method, path, body) => h.api(method.toUpperCase(), fill(path), { token: admin, body });
    expect(await bodyDrift(doc, send, validateJson)).toEqual([]);
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
      expect(validateJson(op.responses['200'].content['application/json'].schema, r.body), `GET ${path}`).toBeNull();
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

  it('describes the socket events each namespace really handles, and each is validated', async () => {
    const documented = doc['x-socket-events'].namespaces as Record<string, { clientToServer: Record<string, unknown> }>;
    const screen = h.socket('/screen', { deviceId: 'api-doc-screen', demoPosition: { wallId: 'monitoring', col: 0, row: 0 } });
    await next(screen, 'paired');
    const consoleSocket = h.socket('/console', { token: admin });
    await next(consoleSocket, 'connect');
    for (const [ns, client] of [['/screen', screen], ['/console', consoleSocket]] as const) {
      const server = h.ctrl.io.of(ns).sockets.get(client.id ?? '');
      const handled = (server?.eventNames() ?? []).filter((e): e is string => typeof e === 'string' && !['disconnect', 'disconnecting', 'error'].includes(e));
      expect(handled.sort(), `${ns}: events handled vs documented`).toEqual(Object.keys(documented[ns]!.clientToServer).sort());
      for (const event of handled) {
        const r = await request(client, event, 42);
        expect(r, `${ns} ${event} took a number`).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      }
    }
  });
});
