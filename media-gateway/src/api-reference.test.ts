import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyDrift, documentedOperations, routeDrift, type SendBody } from '@ioc/protocol';
import { StaticCameraCatalog } from './catalog';
import { startHarness, TEST_SECRET, type Harness } from './test-harness';

/**
 * The gateway's API reference held to the real gateway: every route documented and only those;
 * each documented body is what the route accepts.
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

/** Every path parameter names nothing that exists: bodies are checked before anything is looked up. */
const send: SendBody = async (method, path, body) => {
  const res = await fetch(h.url + path.replace(/\{[^}]+\}/g, 'no-such-id'), {
    method: method.toUpperCase(),
    headers: { authorization: `Bearer ${TEST_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Loose };
};

describe("the gateway's API reference (/api/openapi.json)", () => {
  it('is public, and documents every route the gateway answers and no other', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc['x-socket-events'].namespaces)).toEqual(['/feeds']);
    expect((await fetch(`${h.url}/api/docs`)).headers.get('content-type')).toMatch(/^text\/html/);
    expect(routeDrift(doc, h.gateway.app)).toEqual([]);
  });

  it('documents each body as the route accepts it: example, unknown key, required keys, known keys, answer', async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = (schema: object, value: unknown) => (ajv.validate(schema, value) ? null : ajv.errorsText());
    expect(documentedOperations(doc).filter((o) => o.op.requestBody).length).toBeGreaterThanOrEqual(4);
    expect(await bodyDrift(doc, send, validate)).toEqual([]);
  });
});
