import { createStore } from 'zustand/vanilla';
import type { PairingInfo, WallSpec, WallState } from '@ioc/protocol';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'refused';

export interface ScreenIdentity {
  deviceId: string;
  /** Display token; null while unpaired. */
  token: string | null;
  screenId: string | null;
  wallId: string | null;
  col: number | null;
  row: number | null;
  /** Geometry from the welcome; null until known (the renderer then uses preset defaults). */
  wall: WallSpec | null;
}

/** Plain data only: the scene reads it, the client core writes it. */
export interface ScreenClientState {
  connection: ConnectionStatus;
  /** Why the controller refused us (e.g. protocol mismatch); set with connection 'refused'. */
  refusedReason: string | null;
  refusedCode: string | null;
  /** Set while the screen waits for a technician to place it. */
  pairing: PairingInfo | null;
  identity: ScreenIdentity;
  mediaGatewayUrl: string | null;
  /** What is drawn. */
  current: WallState | null;
  /** Received, waiting for its activateAt. */
  pending: WallState | null;
  /** controller time = local time + clockOffsetMs. */
  clockOffsetMs: number;
  /** RTT of the sample the offset came from; null before the first sample. */
  rttMs: number | null;
  /** Controller time until which the identify overlay shows; null when none. */
  identifyUntil: number | null;
  /** Local time at which `current` was put on screen. */
  lastAppliedAt: number | null;
  /** Highest version the controller confirmed it received our ack for. */
  ackedVersion: number | null;
  fps: number;
}

export function initialState(deviceId: string): ScreenClientState {
  return {
    connection: 'connecting',
    refusedReason: null,
    refusedCode: null,
    pairing: null,
    identity: { deviceId, token: null, screenId: null, wallId: null, col: null, row: null, wall: null },
    mediaGatewayUrl: null,
    current: null,
    pending: null,
    clockOffsetMs: 0,
    rttMs: null,
    identifyUntil: null,
    lastAppliedAt: null,
    ackedVersion: null,
    fps: 0,
  };
}

export function createScreenStore(deviceId = '') {
  return createStore<ScreenClientState>()(() => initialState(deviceId));
}

export type ScreenStore = ReturnType<typeof createScreenStore>;
