import { randomInt } from 'node:crypto';
import { AppError, PairScreenSchema, parseOrThrow, ReplaceScreenSchema, type PairingInfo, type Screen, type ScreenPosition } from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import { hashToken, newToken } from '../auth/tokens';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';
import type { Hub } from './hub';

// No 0/O, 1/I: the code is read off a screen across a room.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function pairingCode(): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

interface Pending extends PairingInfo {
  socketId: string;
}

export const screenIdFor = (p: ScreenPosition): string => `${p.wallId}-${p.col}-${p.row}`;

/**
 * Provisioning: pending pairing codes live in memory (they belong to live connections); a
 * paired screen and its display token (hash only) are written with their audit row.
 */
export function createPairing(store: Store, hub: Hub) {
  const pending = new Map<string, Pending>();

  function checkPosition(p: ScreenPosition): void {
    const wall = store.walls.wall(p.wallId);
    if (!wall) throw new AppError('WALL_NOT_FOUND', `wall "${p.wallId}" does not exist`);
    if (p.col >= wall.cols || p.row >= wall.rows) {
      throw new AppError('VALIDATION_FAILED', `position col ${p.col}, row ${p.row} is outside wall "${wall.id}" (${wall.cols}x${wall.rows})`, {
        issues: [{ path: p.col >= wall.cols ? 'col' : 'row', message: 'outside the wall' }],
      });
    }
  }

  return {
    /** A new connection without identity gets a code; the same device keeps its code while pending. */
    addPending(socketId: string, deviceId: string, hostname: string | null, address: string | null): PairingInfo {
      let code: string | undefined;
      for (const p of pending.values()) if (p.deviceId === deviceId) code = p.code;
      while (code === undefined || (pending.has(code) && pending.get(code)?.deviceId !== deviceId)) code = pairingCode();
      const entry = { code, deviceId, hostname, address, socketId };
      pending.set(code, entry);
      hub.emit('pendingChanged');
      return { code, deviceId, hostname, address };
    },
    removePendingSocket(socketId: string): void {
      for (const [code, p] of pending) {
        if (p.socketId === socketId) {
          pending.delete(code);
          hub.emit('pendingChanged');
        }
      }
    },
    pendingList(): PairingInfo[] {
      return [...pending.values()].map(({ socketId: _s, ...info }) => info);
    },

    /** The technician's command. The token goes only to the screen (hub `paired`), never in the answer. */
    pair(actor: Actor, body: unknown): Screen {
      requirePermission(actor, 'screen.pair');
      const cmd = parseOrThrow(PairScreenSchema, body, 'pairing');
      checkPosition(cmd);
      const p = pending.get(cmd.code);
      if (!p) throw new AppError('PAIRING_CODE_NOT_FOUND', `no screen is showing pairing code ${cmd.code}`);
      const token = newToken();
      const screen = store.tx(() => {
        const taken = store.walls.screenAt(cmd.wallId, cmd.col, cmd.row);
        if (taken) {
          throw new AppError('SCREEN_POSITION_TAKEN', `col ${cmd.col}, row ${cmd.row} of wall "${cmd.wallId}" is already screen "${taken.id}"`);
        }
        const s = store.walls.insertScreen({ id: screenIdFor(cmd), wallId: cmd.wallId, col: cmd.col, row: cmd.row, deviceId: p.deviceId, hostname: p.hostname });
        store.walls.insertToken(hashToken(token), s.id);
        store.audit.write({ actor: actor.username, action: 'screen.pair', target: s.id, details: { ...cmd, deviceId: p.deviceId, hostname: p.hostname } });
        return s;
      });
      pending.delete(cmd.code);
      hub.emit('pendingChanged');
      hub.emit('paired', p.socketId, { screenId: screen.id, token, wallId: screen.wallId, col: screen.col, row: screen.row });
      return screen;
    },

    /** Demo only (`demo.autoPair`): place the screen where its URL says and issue it a token. */
    autoPair(deviceId: string, hostname: string | null, pos: ScreenPosition): { screen: Screen; token: string } {
      checkPosition(pos);
      const token = newToken();
      const screen = store.tx(() => {
        const s =
          store.walls.screenAt(pos.wallId, pos.col, pos.row) ??
          store.walls.insertScreen({ id: screenIdFor(pos), ...pos, deviceId, hostname });
        store.walls.insertToken(hashToken(token), s.id);
        store.audit.write({ actor: 'demo', action: 'screen.autopair', target: s.id, details: { ...pos, deviceId } });
        return s;
      });
      return { screen, token };
    },

    screenForToken(token: string): Screen | null {
      return store.walls.screenByTokenHash(hashToken(token));
    },

    /**
     * A broken screen's position moves to a new device: in one transaction the old screen goes
     * (its display tokens with it) and the device showing `code` is placed where it was, under
     * the same screen id. The old device is told `unpaired`, the new one `paired` (then welcome).
     */
    replace(actor: Actor, screenId: string, body: unknown): Screen {
      requirePermission(actor, 'screen.replace');
      const cmd = parseOrThrow(ReplaceScreenSchema, body, 'replace');
      if (!store.walls.screen(screenId)) throw new AppError('SCREEN_NOT_FOUND', `screen "${screenId}" does not exist`);
      const p = pending.get(cmd.code);
      if (!p) throw new AppError('PAIRING_CODE_NOT_FOUND', `no screen is showing pairing code ${cmd.code}`);
      const token = newToken();
      const { old, screen } = store.tx(() => {
        const before = store.walls.screen(screenId);
        if (!before) throw new AppError('SCREEN_NOT_FOUND', `screen "${screenId}" does not exist`);
        store.walls.deleteScreen(before.id);
        const s = store.walls.insertScreen({ id: before.id, wallId: before.wallId, col: before.col, row: before.row, deviceId: p.deviceId, hostname: p.hostname });
        store.walls.insertToken(hashToken(token), s.id);
        store.audit.write({
          actor: actor.username,
          action: 'screen.replace',
          target: s.id,
          details: { wallId: s.wallId, col: s.col, row: s.row, code: cmd.code, deviceId: p.deviceId, hostname: p.hostname, oldHostname: before.hostname },
        });
        return { old: before, screen: s };
      });
      pending.delete(cmd.code);
      hub.emit('pendingChanged');
      // Removed first: the old device's sockets are unbound before the new one binds to the same id.
      hub.emit('screenRemoved', old.id);
      hub.emit('paired', p.socketId, { screenId: screen.id, token, wallId: screen.wallId, col: screen.col, row: screen.row });
      return screen;
    },

    unpair(actor: Actor, screenId: string): void {
      requirePermission(actor, 'screen.unpair');
      store.tx(() => {
        const s = store.walls.screen(screenId);
        if (!s) throw new AppError('SCREEN_NOT_FOUND', `screen "${screenId}" does not exist`);
        store.walls.deleteScreen(screenId);
        store.audit.write({ actor: actor.username, action: 'screen.unpair', target: screenId, details: { wallId: s.wallId, col: s.col, row: s.row } });
      });
      hub.emit('screenRemoved', screenId);
    },
  };
}
export type Pairing = ReturnType<typeof createPairing>;
