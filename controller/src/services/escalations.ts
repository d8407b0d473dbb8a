import { randomUUID } from 'node:crypto';
import {
  AckEscalationBodySchema,
  AppError,
  CloseEscalationBodySchema,
  CreateEscalationBodySchema,
  IdSchema,
  parseOrThrow,
  type Escalation,
  type Tile,
  type WallState,
} from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { ControllerConfig } from '../config';
import type { Store } from '../db/store';
import type { Logger } from '../logger';
import { requirePermission } from '../permissions';
import { demoCameras } from './demo-cameras';
import type { Hub } from './hub';
import { composeIncident } from './incident-overlay';
import type { RecordingsClient } from './recordings-client';

export type EscalationEvent = 'escalation.created' | 'escalation.acknowledged' | 'escalation.closed';

/** The webhook outbox: `enqueue` runs inside the command's transaction, `kick` after the commit. */
export interface EscalationOutbox {
  enqueue(event: EscalationEvent, data: unknown): void;
  kick(): void;
}

export interface EscalationDeps {
  store: Store;
  hub: Hub;
  log: Logger;
  now: () => number;
  config: Pick<ControllerConfig, 'escalation' | 'demo'>;
  /** The switch margin of a wall's next switch (switch-margin.ts). */
  marginFor: (wallId: string) => number;
  recordings: RecordingsClient;
  /** Late-bound: the webhook dispatcher is built after the core. */
  outbox: () => EscalationOutbox | null;
}

const RECORDING_RETRIES_MS = [1_000, 3_000, 10_000];

/**
 * Escalate, acknowledge, close. Each command writes the escalation, the command wall's next
 * state (its layout plus the open escalations) and the audit row in one transaction, so the
 * wall switches through the same synchronized path as a layout, and nothing is half-applied.
 */
export function createEscalations(d: EscalationDeps) {
  const { store, hub, now } = d;
  const wallId = d.config.escalation.wallId;

  const cameraName = (id: string): string =>
    store.cameras.get(id)?.name ?? (d.config.demo.cameras ? demoCameras().find((c) => c.id === id)?.name : undefined) ?? id;
  const cameraExists = (id: string): boolean =>
    store.cameras.get(id) !== null || (d.config.demo.cameras && demoCameras().some((c) => c.id === id));

  /** The open escalations over `tiles` of the escalation wall; null on any other wall. */
  const incidentFor = (forWall: string, tiles: readonly Tile[]) =>
    forWall === wallId ? composeIncident(store.escalations.open(), tiles, d.config.escalation.defaultArea, cameraName) : null;

  /** Inside the transaction: the escalation wall's next version, same layout, new overlay. */
  const nextState = (actor: string, reason: string): WallState => {
    const current = store.states.current(wallId);
    const tiles = current?.tiles ?? [];
    const t = now();
    const next: WallState = {
      wallId,
      version: (current?.version ?? 0) + 1,
      layoutId: current?.layoutId ?? null,
      tiles,
      activateAt: t + d.marginFor(wallId),
      changedBy: actor,
      reason,
      createdAt: t,
      incident: incidentFor(wallId, tiles),
    };
    store.states.insert(next);
    return next;
  };

  const find = (id: unknown): Escalation => {
    const key = parseOrThrow(IdSchema, id, 'escalation id');
    const e = store.escalations.get(key);
    if (!e) throw new AppError('ESCALATION_NOT_FOUND', `escalation "${key}" does not exist`);
    return e;
  };

  const announce = (e: Escalation, state: WallState) => {
    hub.emit('state', state);
    hub.emit('escalation', e);
    d.outbox()?.kick();
  };

  /** Best effort with retries: an escalation never fails because the gateway is slow or away. */
  const withRetries = (what: string, fn: () => Promise<unknown>, attempt = 0): void => {
    fn().catch((err: unknown) => {
      const wait = RECORDING_RETRIES_MS[attempt];
      d.log.warn(`${what} failed${wait === undefined ? '; giving up' : `; retrying in ${wait} ms`}`, { error: String(err) });
      if (wait !== undefined) setTimeout(() => withRetries(what, fn, attempt + 1), wait).unref();
    });
  };

  const startRecording = (e: Escalation) => {
    if (!d.recordings.configured()) return;
    withRetries(`recording of escalation ${e.id}`, async () => {
      const r = await d.recordings.start(e.id, e.cameraId);
      const latest = store.escalations.get(e.id);
      if (!latest || latest.clipId === r.id) return;
      store.escalations.setClip(e.id, r.id);
      hub.emit('escalation', { ...latest, clipId: r.id });
    });
  };

  return {
    incidentFor,

    list(actor: Actor, state: 'open' | 'all'): Escalation[] {
      requirePermission(actor, 'escalations.read');
      return state === 'open' ? store.escalations.open() : store.escalations.all();
    },

    requireClipAccess(actor: Actor): void {
      requirePermission(actor, 'escalations.clip');
    },

    get(actor: Actor, id: unknown): Escalation {
      requirePermission(actor, 'escalations.read');
      return find(id);
    },

    create(actor: Actor, input: unknown): Escalation {
      requirePermission(actor, 'escalations.write');
      const body = parseOrThrow(CreateEscalationBodySchema, input, 'escalation');
      if (!cameraExists(body.cameraId)) throw new AppError('CAMERA_NOT_FOUND', `camera "${body.cameraId}" does not exist`);
      if (!store.walls.wall(wallId)) {
        throw new AppError('WALL_NOT_FOUND', `the escalation wall "${wallId}" (escalation.wallId) does not exist`);
      }
      const e: Escalation = {
        id: randomUUID(),
        cameraId: body.cameraId,
        wallId,
        reason: body.reason,
        priority: body.priority,
        note: body.note ?? null,
        state: 'open',
        createdBy: actor.username,
        createdAt: now(),
        acknowledgedBy: null,
        acknowledgedAt: null,
        closedBy: null,
        closedAt: null,
        closeNote: null,
        clipId: null,
      };
      const state = store.tx(() => {
        store.escalations.insert(e);
        const s = nextState(actor.username, `escalation: ${e.reason}`.slice(0, 500));
        store.audit.write({
          actor: actor.username,
          action: 'escalation.create',
          target: e.id,
          details: { cameraId: e.cameraId, priority: e.priority, reason: e.reason, wallId, version: s.version },
        });
        d.outbox()?.enqueue('escalation.created', e);
        return s;
      });
      announce(e, state);
      startRecording(e);
      return e;
    },

    acknowledge(actor: Actor, id: unknown, input: unknown = {}): Escalation {
      requirePermission(actor, 'escalations.write');
      parseOrThrow(AckEscalationBodySchema, input ?? {}, 'acknowledgement');
      const { e, state } = store.tx(() => {
        const old = find(id);
        if (old.state !== 'open') {
          throw new AppError('ESCALATION_STATE_CONFLICT', `escalation "${old.id}" is ${old.state}; only an open one can be acknowledged`, { state: old.state });
        }
        store.escalations.acknowledge(old.id, actor.username, now());
        const e = find(old.id);
        const s = nextState(actor.username, 'escalation acknowledged');
        store.audit.write({ actor: actor.username, action: 'escalation.acknowledge', target: e.id, details: { wallId, version: s.version } });
        d.outbox()?.enqueue('escalation.acknowledged', e);
        return { e, state: s };
      });
      announce(e, state);
      return e;
    },

    close(actor: Actor, id: unknown, input: unknown = {}): Escalation {
      requirePermission(actor, 'escalations.write');
      const body = parseOrThrow(CloseEscalationBodySchema, input ?? {}, 'close');
      const { e, state } = store.tx(() => {
        const old = find(id);
        if (old.state === 'closed') {
          throw new AppError('ESCALATION_STATE_CONFLICT', `escalation "${old.id}" is already closed`, { state: old.state });
        }
        store.escalations.close(old.id, actor.username, now(), body.note ?? null);
        const e = find(old.id);
        const s = nextState(actor.username, 'escalation closed');
        store.audit.write({ actor: actor.username, action: 'escalation.close', target: e.id, details: { wallId, version: s.version, note: e.closeNote } });
        d.outbox()?.enqueue('escalation.closed', e);
        return { e, state: s };
      });
      announce(e, state);
      if (d.recordings.configured()) withRetries(`stopping the recording of escalation ${e.id}`, () => d.recordings.stop(e.id));
      return e;
    },

    /** After a restart: every open escalation is being recorded (the gateway's PUT is idempotent). */
    resumeRecordings(): void {
      for (const e of store.escalations.open()) startRecording(e);
    },
  };
}
export type Escalations = ReturnType<typeof createEscalations>;
