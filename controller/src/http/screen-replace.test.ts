import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, startHarness, type Harness, type Loose } from '../test-support/harness';

let h: Harness;
let tech: string;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.login();
  tech = await h.userToken('tom', ['technician']);
});
afterAll(() => h.close());

/** A screen paired at `pos` through the real flow, still connected. */
async function pairedScreen(deviceId: string, col: number, row: number) {
  const s = h.socket('/screen', { deviceId, hostname: `${deviceId}.local` });
  const { code } = await next<{ code: string }>(s, 'pairing');
  const paired = next<{ token: string; screenId: string }>(s, 'paired');
  const welcome = next(s, 'welcome');
  expect((await h.api('POST', '/api/screens/pair', { token: tech, body: { code, wallId: 'command', col, row } })).status).toBe(201);
  const p = await paired;
  await welcome;
  return { socket: s, ...p };
}

describe('POST /api/screens/:id/replace', () => {
  it('moves a broken screen’s position to the pending device showing the code, in one audited step', async () => {
    const old = await pairedScreen('broken-device', 2, 2);
    expect(old.screenId).toBe('command-2-2');
    const fresh = h.socket('/screen', { deviceId: 'new-device-01', hostname: 'new-pc' });
    const { code } = await next<{ code: string }>(fresh, 'pairing');
    const unpaired = next<{ reason: string }>(old.socket, 'unpaired');
    const oldPairing = next<{ code: string }>(old.socket, 'pairing');
    const paired = next<Loose>(fresh, 'paired');
    const welcome = next<Loose>(fresh, 'welcome');
    const state = next<Loose>(fresh, 'state');

    const r = await h.api('POST', '/api/screens/command-2-2/replace', { token: tech, body: { code } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'command-2-2', wallId: 'command', col: 2, row: 2, hostname: 'new-pc' });
    expect(await paired).toMatchObject({ screenId: 'command-2-2', wallId: 'command', col: 2, row: 2 });
    expect(await welcome).toMatchObject({ screenId: 'command-2-2', col: 2, row: 2 });
    expect((await state).wallId).toBe('command');
    // The old device is told, and shows a pairing code again.
    expect((await unpaired).reason).toMatch(/removed/);
    expect((await oldPairing).code).toMatch(/^[A-Z0-9]{6}$/);
    // Its token is dead: a reconnect with it is told unpaired.
    const ghost = h.socket('/screen', { deviceId: 'broken-device', token: old.token });
    expect((await next<{ reason: string }>(ghost, 'unpaired')).reason).toMatch(/unknown or revoked/);
    // One screen at that position, the new one, online.
    const screens = (await h.api('GET', '/api/screens', { token: tech })).body.filter((s: Loose) => s.col === 2 && s.row === 2 && s.wallId === 'command');
    expect(screens).toEqual([expect.objectContaining({ id: 'command-2-2', hostname: 'new-pc', online: true })]);
    expect((await h.api('GET', '/api/screens/pending', { token: tech })).body.some((p: Loose) => p.code === code)).toBe(false);
    const audit = (await h.api('GET', '/api/audit?action=screen.replace', { token: admin })).body.entries[0];
    expect(audit).toMatchObject({ actor: 'tom', target: 'command-2-2', details: { wallId: 'command', col: 2, row: 2, deviceId: 'new-device-01', hostname: 'new-pc', oldHostname: 'broken-device.local' } });
    expect(JSON.stringify(audit)).not.toContain((await paired).token);
  });

  it('answers 404 for an unknown screen or code, 400 naming a malformed code, 403 for roles that do not install screens', async () => {
    await pairedScreen('steady-device', 0, 2);
    const noScreen = await h.api('POST', '/api/screens/nope/replace', { token: tech, body: { code: 'ABCDEF' } });
    expect(noScreen.status).toBe(404);
    expect(noScreen.body.code).toBe('SCREEN_NOT_FOUND');
    const noCode = await h.api('POST', '/api/screens/command-0-2/replace', { token: tech, body: { code: 'ABCDEF' } });
    expect(noCode.status).toBe(404);
    expect(noCode.body.code).toBe('PAIRING_CODE_NOT_FOUND');
    for (const body of [{ code: 'abc' }, {}, { code: 'ABCDEF', col: 1 }]) {
      const r = await h.api('POST', '/api/screens/command-0-2/replace', { token: tech, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message).toMatch(/code|col/);
    }
    for (const roles of [['operator'], ['viewer'], ['duty-officer']] as const) {
      const t = await h.userToken(`u-${roles[0]}`, [...roles]);
      expect((await h.api('POST', '/api/screens/command-0-2/replace', { token: t, body: { code: 'ABCDEF' } })).body.code).toBe('FORBIDDEN');
    }
    // Nothing changed.
    expect((await h.api('GET', '/api/screens', { token: tech })).body.find((s: Loose) => s.id === 'command-0-2').hostname).toBe('steady-device.local');
  });
});
