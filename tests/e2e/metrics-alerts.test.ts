import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createController, memoryLogger, withOverrides, type Controller } from '@ioc/controller';
import { createGateway, createLogger, loadGatewayConfig, Redactor, type CameraCatalog, type Gateway } from '@ioc/media-gateway';
import type { Alert } from '@ioc/protocol';
import { parsePrometheusText, type Family } from '../support/prom-text';

/**
 * The metrics and alerts across the two parts: a real controller following a real media gateway.
 * The Grafana dashboard (docs/grafana-dashboard.json) is held to what the two /metrics really
 * serve, and a feed that goes stale at the gateway raises, then clears, the controller's alert.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET = 'e2e-metrics-media-secret-0123456789abcdef';
const METRICS_TOKEN = 'e2e-metrics-token-0123456789';
const FEED_TOKEN = 'e2e-ops-feed-token-0123456789';
const FEED_LIMIT_MS = 3_000;
const ADMIN_PASSWORD = 'e2e-metrics-admin-0001';

let dir: string;
let gateway: Gateway;
let ctrl: Controller;
let ctrlUrl: string;
let gatewayUrl: string;

const cameras: CameraCatalog = {
  get: async (id) =>
    id === 'cam-synth' ? { id, name: 'Synthetic', profiles: { main: { kind: 'lavfi', pattern: 'testsrc2', width: 160, height: 90, fps: 10, label: 'synth' } } } : undefined,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-metrics-'));
  const config = loadGatewayConfig(
    {
      http: { host: '127.0.0.1', port: 0 },
      media: { secret: SECRET },
      hls: { dir: join(dir, 'hls') },
      recording: { dir: join(dir, 'recordings') },
      demo: { cameras: false },
      webrtc: { interfaces: ['127.0.0.1'] },
      metrics: { token: METRICS_TOKEN },
      // One demo feed, and a pushed one whose upstream stays silent past its limit.
      feeds: {
        feeds: [
          { id: 'field-reports', kind: 'field-reports', adapter: { type: 'demo' } },
          { id: 'ops-soc', kind: 'soc-alerts', adapter: { type: 'webhook', token: FEED_TOKEN, staleAfterMs: FEED_LIMIT_MS } },
        ],
      },
    },
    {},
  );
  gateway = createGateway({ config, cameras, log: createLogger({ redactor: new Redactor(), sink: () => undefined }) });
  gatewayUrl = (await gateway.start()).url;
  ctrl = createController({
    config: withOverrides({
      http: { host: '127.0.0.1', port: 0 },
      db: { path: join(dir, 'ioc.sqlite') },
      admin: { username: 'admin', password: ADMIN_PASSWORD },
      wallClient: { distDir: join(dir, 'no-wall') },
      console: { distDir: join(dir, 'no-console') },
      mediaGateway: { url: gatewayUrl, secret: SECRET },
      metrics: { token: METRICS_TOKEN },
      alerts: { feedStaleMs: 0, checkIntervalMs: 50 },
    }),
    log: memoryLogger(),
  });
  ctrlUrl = (await ctrl.start()).url;
});
afterAll(async () => {
  await ctrl?.close();
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function metrics(url: string): Promise<Map<string, Family>> {
  const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(r.status, url).toBe(200);
  return parsePrometheusText(await r.text());
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every expression of a Grafana dashboard, rows and nested panels included. */
function expressions(panels: { targets?: { expr?: string }[]; panels?: unknown[] }[]): string[] {
  return panels.flatMap((p) => [...(p.targets ?? []).flatMap((t) => (t.expr ? [t.expr] : [])), ...expressions((p.panels ?? []) as typeof panels)]);
}

describe('the Grafana dashboard (docs/grafana-dashboard.json)', () => {
  it('parses, and every metric and label its expressions name exists in the /metrics of a real controller and gateway', async () => {
    // Something on every series the dashboard shows: a stream with a viewer, a failed login.
    const token = (await (await fetch(`${ctrlUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'wrong-password' }) })).json()) as { code: string };
    expect(token.code).toBe('BAD_CREDENTIALS');
    const { signToken } = await import('@ioc/protocol/signed-token');
    const media = signToken(SECRET, { aud: 'media', sub: 'e2e-screen', res: ['cam-synth'], exp: Math.floor(Date.now() / 1000) + 60 });
    expect((await fetch(`${gatewayUrl}/hls/${media}/cam-synth/main/index.m3u8`)).status).toBe(200);

    const dashboard = JSON.parse(readFileSync(join(root, 'docs', 'grafana-dashboard.json'), 'utf8')) as { title: string; uid: string; panels: [] };
    expect(dashboard.uid).toBe('ioc-video-wall');
    const exprs = expressions(dashboard.panels);
    expect(exprs.length).toBeGreaterThan(20);

    const families = new Map([...(await metrics(ctrlUrl)), ...(await metrics(gatewayUrl))]);
    const familyOf = (name: string) => families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ''));
    const used = new Set<string>();
    for (const expr of exprs) {
      const names = [...expr.matchAll(/\b((?:ioc|process|nodejs)_[a-zA-Z0-9_:]*)/g)].map((m) => m[1]!);
      expect(names.length, `"${expr}" names no metric`).toBeGreaterThan(0);
      for (const name of names) {
        const family = familyOf(name);
        expect(family, `${name} (in "${expr}") is not served`).toBeDefined();
        used.add(family!.name);
        // Labels it filters on exist on the series served.
        for (const m of expr.matchAll(new RegExp(`\\b${name}\\{([^}]*)\\}`, 'g'))) {
          for (const label of [...m[1]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!)) {
            expect(family!.samples.some((s) => label in s.labels), `label ${label} of ${name} in "${expr}"`).toBe(true);
          }
        }
      }
    }
    // The dashboard shows every metric of our own.
    const ours = [...families.keys()].filter((n) => n.startsWith('ioc_'));
    expect(ours.filter((n) => !used.has(n)), 'ioc_ metrics the dashboard does not show').toEqual([]);
  });
});

describe('the feed-stale alert', () => {
  it('is raised when the gateway reports a feed stale beyond its limit, and clears when a value arrives', async () => {
    const token = (await (await fetch(`${ctrlUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })).json()) as { token: string };
    const alerts = async (state = 'active') =>
      ((await (await fetch(`${ctrlUrl}/api/alerts?state=${state}`, { headers: { authorization: `Bearer ${token.token}` } })).json()) as { alerts: Alert[] }).alerts;
    // No value ever came: stale once its limit has passed since the gateway started.
    const raised = await until('the feed-stale alert', alerts, (a) => a.some((x) => x.kind === 'feed-stale' && x.subject === 'ops-soc'));
    expect(raised.filter((a) => a.kind === 'feed-stale').map((a) => a.subject)).toEqual(['ops-soc']);
    const g = await metrics(gatewayUrl);
    expect(g.get('ioc_gateway_feed_stale')?.samples.find((s) => s.labels.feed === 'ops-soc')?.value).toBe(1);
    expect(g.get('ioc_gateway_feed_stale')?.samples.find((s) => s.labels.feed === 'field-reports')?.value).toBe(0);
    expect((await metrics(ctrlUrl)).get('ioc_alerts_active')?.samples.find((s) => s.labels.kind === 'feed-stale')?.value).toBe(1);

    const value = { kind: 'soc-alerts', bySeverity: { critical: 0, high: 1, medium: 0, low: 0 }, byStatus: { new: 1, investigating: 0, contained: 0, resolved: 0 }, latest: [] };
    const push = await fetch(`${gatewayUrl}/feeds/ops-soc/webhook`, { method: 'POST', headers: { authorization: `Bearer ${FEED_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(value) });
    expect(push.status).toBeLessThan(300);
    const all = await until('the alert to clear', () => alerts('all'), (a) => a.some((x) => x.kind === 'feed-stale' && x.clearedAt !== null), FEED_LIMIT_MS);
    expect(all.find((x) => x.kind === 'feed-stale' && x.clearedAt !== null)?.id).toBe(raised.find((a) => a.kind === 'feed-stale')?.id);
  });
});
