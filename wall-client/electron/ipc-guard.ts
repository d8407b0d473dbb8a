import { APP_ORIGIN } from './ipc-channels';
import type { IpcEventLike, KioskIpcMain, KioskLog } from './electron-surface';

/**
 * Every IPC message is checked before it is handled (security checklist item 17): it must come
 * from the main frame of one of our kiosk windows, showing a page of our app origin. A page
 * that somehow reached another origin, or an iframe, gets nothing.
 */
export function isTrustedSender(event: IpcEventLike, isOurWebContents: (id: number) => boolean): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
  return origin === APP_ORIGIN && isOurWebContents(event.sender.id);
}

export class IpcSenderRejected extends Error {
  constructor(channel: string) {
    super(`IPC on ${channel} rejected: untrusted sender`);
    this.name = 'IpcSenderRejected';
  }
}

export type InvokeHandler = (senderId: number, ...args: unknown[]) => unknown;

export function registerGuardedIpc(
  ipcMain: KioskIpcMain,
  isOurWebContents: (id: number) => boolean,
  invoke: Record<string, InvokeHandler>,
  oneWay: Record<string, (senderId: number, ...args: unknown[]) => void>,
  log: KioskLog,
): void {
  for (const [channel, handler] of Object.entries(invoke)) {
    ipcMain.handle(channel, (event, ...args) => {
      if (!isTrustedSender(event, isOurWebContents)) {
        log.warn('rejected IPC', { channel, url: event.senderFrame?.url });
        throw new IpcSenderRejected(channel);
      }
      return handler(event.sender.id, ...args);
    });
  }
  for (const [channel, handler] of Object.entries(oneWay)) {
    ipcMain.on(channel, (event, ...args) => {
      if (!isTrustedSender(event, isOurWebContents)) {
        log.warn('rejected IPC', { channel, url: event.senderFrame?.url });
        return;
      }
      handler(event.sender.id, ...args);
    });
  }
}
