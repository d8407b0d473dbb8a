import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExpressRoutes, openApiPath } from '@ioc/protocol';
import { StaticCameraCatalog } from './catalog';
import { startHarness, TEST_SECRET, type Harness } from './test-harness';

/**
 * The gateway's API reference held to the real gateway: every route documented and only those;
 * each documented body is what the route accepts (its example passes, an unknown key is refused
 * by name).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
let h: Harness;
let doc: Loose;

beforeAll(async () => {
  h = await startHarness(new StaticCameraCatalog([]));
  const r = await fetch(`${h.url}/api/openapi.json`);
  expect(r.status).toBe(200);
  doc = await r.json();
});
afterAll(() => h.close());

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Loose>>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));

async function send(method: string, path: string, body: unknown) {
  const res = await fetch(h.url + path.replace(/\{[^}]+\}/g, 'no-such-id'), {
    method: method.toUpperCase(),
    headers: { authorization: `Bearer ${TEST_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Loose };
}

describe("the gateway's API reference (/api/openapi.json)", () => {
  it('is public, and documents every route the gateway answers and no other', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc['x-socket-events'].namespaces)).toEqual(['/feeds']);
    expect((await fetch(`${h.url}/api/docs`)).headers.get('content-type')).toMatch(/^text\/html/);
    const actual = listExpressRoutes(h.gateway.app).map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`);
    const documented = operations().map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(actual.filter((r) => !documented.includes(r)), 'routes missing from the reference').toEqual([]);
    expect(documented.filter((r) => !actual.includes(r)), 'documented routes the gateway does not have').toEqual([]);
  });

  it('documents each body as the route accepts it: its example passes, an unknown key is refused by name', async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const withBody = operations().filter((o) => o.op.requestBody);
    expect(withBody.length).toBeGreaterThanOrEqual(4);
    for (const { method, path, op } of withBody) {
      const what = `${method.toUpperCase()} ${path}`;
      const { schema, example } = op.requestBody.content['application/json'];
      expect(ajv.validate(schema, example), `${what}: example against the documented schema: ${ajv.errorsText()}`).toBe(true);
      const ok = await send(method, path, example);
      expect(ok.body?.code, `${what} refused its documented example: ${JSON.stringify(ok.body)}`).not.toBe('VALIDATION_FAILED');
      const bad = await send(method, path, { ...example, apiDocUnknownKey: 1 });
      expect(bad.status, `${what} took an unknown key: ${JSON.stringify(bad.body)}`).toBe(400);
      expect(bad.body.message).toContain('apiDocUnknownKey');
    }
  });
});
