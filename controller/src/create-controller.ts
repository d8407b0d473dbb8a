import { createServer, type Server as HttpServer } from 'node:http';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Server } from 'socket.io';
import { SOCKET_TRANSPORT_MAX_BYTES } from '@ioc/protocol';
import { bootstrapAdmin } from './auth/bootstrap-admin';
import type { ControllerConfig } from './config';
import { createCore, type Core } from './core';
import { createStore } from './db/store';
import { createApp } from './http/create-app';
import { createLogger, type Logger } from './logger';
import { loadSecretBox } from './secrets/load-secret-box';
import { resealCameraPasswords } from './secrets/reseal-camera-passwords';
import { seedBuiltins } from './services/seed';
import { attachConsoleNamespace } from './sockets/console-namespace';
import { attachScreenNamespace } from './sockets/screen-namespace';
import { advertiseController } from './services/mdns-advertiser';
import { createWebhooks, type Webhooks } from './services/webhooks/webhook-dispatcher';

export interface ControllerDeps {
  config: ControllerConfig;
  log?: Logger;
  now?: () => number;
  /** Where the first-start one-time admin password goes; stdout by default. */
  printSecret?: (line: string) => void;
}

/** The store, its camera passwords encrypted with the configured key; a wrong key stops here. */
function openStoreWithSecrets(config: ControllerConfig, now: () => number, log: Logger) {
  const { box, createdKeyFile } = loadSecretBox(config);
  const store = createStore(config.db.path, now, box);
  try {
    const done = resealCameraPasswords(store, box);
    if (createdKeyFile) log.info('created the key for camera passwords', { keyFile: createdKeyFile, keyId: box.keyId });
    if (done.encrypted + done.rekeyed > 0) log.info('camera passwords encrypted with the current key', { ...done, keyId: box.keyId });
    return store;
  } catch (err) {
    store.close();
    // A key made just now cannot be the one the rows were written with: leave no stray key file.
    if (createdKeyFile) rmSync(createdKeyFile, { force: true });
    throw err;
  }
}

export interface Controller {
  app: Express;
  httpServer: HttpServer;
  io: Server;
  core: Core;
  /** The escalation webhooks' outbox and dispatcher (also the core's outbox). */
  webhooks: Webhooks;
  start(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/**
 * Builds the controller (store opened and migrated, built-ins seeded, routes and namespaces
 * attached) without listening. `start()` creates the first admin if needed, then listens.
 */
export function createController(deps: ControllerDeps): Controller {
  const { config } = deps;
  const log = deps.log ?? createLogger(config.log);
  const now = deps.now ?? Date.now;
  const store = openStoreWithSecrets(config, now, log);
  seedBuiltins(store, config.walls.bezel, now);
  const core = createCore(config, log, now, store);
  const webhooks = createWebhooks({ config: config.webhooks, repo: store.webhooks, log, now });
  core.setOutbox(webhooks);
  // Operational trail for the console log; never the token carried by `paired`.
  core.hub.on('state', (s) => log.info(`wall ${s.wallId} -> version ${s.version}`, { by: s.changedBy, layoutId: s.layoutId }));
  core.hub.on('paired', (_socketId, p) => log.info(`screen ${p.screenId} paired at ${p.wallId} col ${p.col} row ${p.row}`));
  core.hub.on('screenRemoved', (id) => log.info(`screen ${id} unpaired`));
  // One line when a stream goes down and one when it is back, not one per retry of a dead camera.
  const down = new Set<string>();
  core.hub.on('streamStatus', (s) => {
    const k = `${s.cameraId}/${s.profile}`;
    if ((s.state === 'offline' || s.state === 'stalled') && !down.has(k)) {
      down.add(k);
      log.warn(`camera ${k} ${s.state}`, { restarts: s.restarts });
    } else if ((s.state === 'live' || s.state === 'stopped') && down.delete(k)) {
      log.info(`camera ${k} ${s.state === 'live' ? 'live again' : 'stopped'}`);
    }
  });
  const app = createApp(core);
  const httpServer = createServer(app);
  const io = new Server(httpServer, {
    serveClient: false,
    // Well above limits.socketPayloadBytes, so an oversized event reaches our check (error ack)
    // instead of socket.io dropping the connection.
    maxHttpBufferSize: Math.max(SOCKET_TRANSPORT_MAX_BYTES, config.limits.socketPayloadBytes * 4),
    // The Electron kiosk loads the renderer from its own scheme; auth is by token, not cookies.
    cors: { origin: true, credentials: false },
  });
  core.metrics.watchSockets(io);
  attachScreenNamespace(io, core);
  const consoleNs = attachConsoleNamespace(io, core);
  let closed = false;
  let mdns: { close(): Promise<void> } | null = null;

  return {
    app,
    httpServer,
    io,
    core,
    webhooks,
    async start() {
      await bootstrapAdmin(store, config.admin, deps.printSecret);
      webhooks.start();
      core.streams.start();
      core.alerts.start();
      // Escalations left open by the last run: make sure the gateway is recording them.
      core.escalations.resumeRecordings();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.http.port, config.http.host, () => {
          httpServer.off('error', reject);
          resolve();
        });
      });
      const { port } = httpServer.address() as AddressInfo;
      if (config.discovery.advertise) {
        mdns = advertiseController({ httpPort: port, interface: config.discovery.interface, mdnsPort: config.discovery.port });
      }
      const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
      return { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
    },
    async close() {
      if (closed) return;
      closed = true;
      await mdns?.close();
      core.streams.stop();
      core.alerts.stop();
      consoleNs.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        httpServer.closeAllConnections();
        if (!httpServer.listening) resolve();
      });
      // After the server (no command enqueues any more), before the store its requests write to.
      await webhooks.close();
      store.close();
    },
  };
}
