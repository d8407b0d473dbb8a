import type { Socket } from 'socket.io-client';
import type { ScreenClientToServer, ScreenHandshake, ScreenServerToClient } from '@ioc/protocol';

/**
 * Where a screen keeps its identity and last state. Async because the Electron kiosk keeps
 * them on disk behind IPC; browser and memory stores simply resolve at once.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/**
 * Runs a callback on the first frame at or after a local time (same clock as the client's
 * `now`). In a browser that is an animation frame, so the swap and the paint coincide.
 */
export interface FrameScheduler {
  /** Returns a cancel function. */
  schedule(atLocalMs: number, cb: () => void): () => void;
}

export type ScreenSocket = Socket<ScreenServerToClient, ScreenClientToServer>;

export interface SocketFactoryOptions {
  auth: (cb: (auth: ScreenHandshake) => void) => void;
}

/** Builds the `/screen` socket; injectable so tests and the bench can tune transports. */
export type SocketFactory = (url: string, opts: SocketFactoryOptions) => ScreenSocket;
