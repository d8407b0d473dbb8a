import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Loose } from '../test-support/harness';

let h: Harness;
let admin: string;
let op: string;
let tStart: number;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.login();
  op = await h.userToken('olga', ['operator']);
  tStart = Date.now();
  for (let i = 0; i < 5; i++) await h.api('POST', '/api/walls/command/apply', { token: op, body: { layoutId: 'cmd-quad', reason: `c${i}` } });
  for (let i = 0; i < 3; i++) expect((await h.api('POST', '/api/walls/monitoring/apply', { token: op, body: { layoutId: 'mon-calibration' } })).status).toBe(200);
});
afterAll(() => h.close());

const audit = async (query: string) => {
  const r = await h.api('GET', `/api/audit?${query}`, { token: admin });
  expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body as { entries: Loose[]; nextBefore: number | null };
};

describe('GET /api/audit filters and paging', () => {
  it('answers {entries, nextBefore}, newest first, and pages with before=nextBefore without gaps or repeats', async () => {
    const all = await audit('limit=1000');
    expect(all.nextBefore).toBeNull();
    const ids = all.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const paged: number[] = [];
    let before: number | null = null;
    do {
      const page: { entries: Loose[]; nextBefore: number | null } = await audit(`limit=3${before === null ? '' : `&before=${before}`}`);
      expect(page.entries.length).toBeLessThanOrEqual(3);
      paged.push(...page.entries.map((e) => e.id));
      before = page.nextBefore;
    } while (before !== null);
    expect(paged).toEqual(ids);
  });

  it('filters by user, action (exact or a prefix ending in "."), wall and time', async () => {
    const byUser = await audit('user=olga&limit=100');
    expect(byUser.entries.length).toBeGreaterThanOrEqual(9); // login + 8 applies
    expect(byUser.entries.every((e) => e.actor === 'olga')).toBe(true);
    const applies = await audit('action=layout.apply&user=olga');
    expect(applies.entries).toHaveLength(8);
    expect((await audit('action=layout.&user=olga')).entries).toHaveLength(8);
    expect((await audit('action=auth.&user=olga')).entries.map((e) => e.action)).toEqual(['auth.login']);
    const command = await audit('wallId=command&user=olga');
    expect(command.entries).toHaveLength(5);
    expect(command.entries.every((e) => e.target === 'command')).toBe(true);
    // A row that names the wall in its details (a screen's pairing) matches the wall too.
    h.ctrl.core.store.tx(() => h.ctrl.core.store.audit.write({ actor: 'tom', action: 'screen.pair', target: 'command-0-0', details: { wallId: 'command', col: 0, row: 0 } }));
    expect((await audit('wallId=command&action=screen.pair')).entries.map((e) => e.target)).toEqual(['command-0-0']);
    expect((await audit('wallId=monitoring&action=screen.pair')).entries).toEqual([]);
    const later = await audit(`from=${Date.now() + 60_000}`);
    expect(later).toEqual({ entries: [], nextBefore: null });
    const window = await audit(`user=olga&from=${tStart}&to=${Date.now()}&limit=2`);
    expect(window.entries).toHaveLength(2);
    expect(window.nextBefore).toBe(window.entries[1].id);
    const rest = await audit(`user=olga&from=${tStart}&to=${Date.now()}&before=${window.nextBefore}&limit=100`);
    expect(rest.entries.every((e) => e.id < window.nextBefore!)).toBe(true);
    expect(window.entries.length + rest.entries.length).toBe(8);
  });

  it('answers 400 naming a bad parameter, and 403 to non-admins', async () => {
    for (const [q, name] of [['limit=0', 'limit'], ['before=x', 'before'], ['from=yesterday', 'from'], ['from=20&to=10', 'from'], ['wallId=a b', 'wallId'], ['colour=red', 'colour']] as const) {
      const r = await h.api('GET', `/api/audit?${q}`, { token: admin });
      expect(r.status, q).toBe(400);
      expect(r.body.message).toContain(name);
    }
    expect((await h.api('GET', '/api/audit', { token: op })).body.code).toBe('FORBIDDEN');
  });
});
