import { connect } from 'node:net';

/** host and port of an RTSP URL (554 when none is given), or null for anything else. */
export function rtspEndpoint(url: string): { host: string; port: number } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'rtsp:' && u.protocol !== 'rtsps:') return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) return null;
  return { host, port: u.port ? Number(u.port) : u.protocol === 'rtsps:' ? 322 : 554 };
}

/** One TCP connect: true when the port accepts, false on refusal, unreachable host or timeout. */
export function portAccepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Watches a camera's RTSP port while its stream waits out a restart backoff, and calls `onOpen`
 * once when the port goes from closed to open: a rebooted camera is back, so the restart need
 * not wait the rest of its backoff. A port that is open at the first look (the camera answers
 * but its stream fails) never calls: that failure keeps its backoff. A TCP connect is the
 * cheapest question a camera can be asked; nothing is sent on it. Returns the stop function.
 */
export function watchPortOpening(host: string, port: number, intervalMs: number, onOpen: () => void): () => void {
  let stopped = false;
  let sawClosed = false;
  let timer: NodeJS.Timeout | undefined;
  const look = async () => {
    const open = await portAccepts(host, port, Math.max(100, intervalMs));
    if (stopped) return;
    if (open && sawClosed) {
      stopped = true;
      onOpen();
      return;
    }
    if (open) {
      // Open from the start: this outage is not a closed port; nothing to watch for.
      stopped = true;
      return;
    }
    sawClosed = true;
    timer = setTimeout(() => void look(), intervalMs);
    timer.unref();
  };
  void look();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
