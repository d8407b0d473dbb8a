import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const SCRIPT = fileURLToPath(new URL('./rtsp-server.py', import.meta.url));

export interface RtspCameraOptions {
  /** 0 picks a free port; pass the old port to bring a killed camera back at the same URL. */
  port?: number;
  paths?: string[];
  width?: number;
  height?: number;
  fps?: number;
  codec?: 'h264' | 'h265';
  bitrateKbps?: number;
  user?: string;
  password?: string;
  /** Serve every session from one encoder (benchmarks only; tests keep one session = one pipeline). */
  shared?: boolean;
  /** Frames carry the wall-clock ms as the clock barcode (tests/support/barcode.ts) instead of a test pattern. */
  barcode?: boolean;
  /** GStreamer videotestsrc pattern (default `ball`); `snow` keeps the encoder at its full bitrate. */
  pattern?: string;
}

/**
 * A fake RTSP camera: Debian's GStreamer RTSP server (tests/support/rtsp-server.py) in a child
 * process. It tracks the RTSP client connections the server reports, which is how the tests
 * count upstream sessions.
 */
export class RtspCamera {
  private child: ChildProcess | undefined;
  private opts: RtspCameraOptions = {};
  port = 0;
  /** RTSP client connections open now, as the server reports them. */
  clients = 0;
  /** Highest `clients` seen since the last `resetPeak()`. */
  peakClients = 0;
  totalConnects = 0;
  private listeners = new Set<() => void>();

  static async start(opts: RtspCameraOptions = {}): Promise<RtspCamera> {
    const cam = new RtspCamera();
    cam.opts = opts;
    await cam.launch(opts.port ?? 0);
    return cam;
  }

  /** URL of a mount, with the credentials when the camera has them. */
  url(path = this.opts.paths?.[0] ?? '/cam', withCredentials = true): string {
    const auth = withCredentials && this.opts.user !== undefined
      ? `${encodeURIComponent(this.opts.user)}:${encodeURIComponent(this.opts.password ?? '')}@`
      : '';
    return `rtsp://${auth}127.0.0.1:${this.port}${path}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private launch(port: number): Promise<void> {
    const o = this.opts;
    const args = [SCRIPT, '--port', String(port)];
    for (const p of o.paths ?? []) args.push('--path', p);
    if (o.width) args.push('--width', String(o.width));
    if (o.height) args.push('--height', String(o.height));
    if (o.fps) args.push('--fps', String(o.fps));
    if (o.codec) args.push('--codec', o.codec);
    if (o.bitrateKbps) args.push('--bitrate', String(o.bitrateKbps));
    if (o.user !== undefined) args.push('--user', o.user, '--password', o.password ?? '');
    if (o.shared) args.push('--shared');
    if (o.barcode) args.push('--barcode');
    if (o.pattern) args.push('--pattern', o.pattern);
    // The test's own password sits on this helper's argv; that is the fake camera, not the gateway.
    const child = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.clients = 0;
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`rtsp-server did not start: ${stderr}`)), 15_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`rtsp-server exited (${code}): ${stderr}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const [word, n] = line.split(' ');
        if (word === 'READY') {
          this.port = Number(n);
          clearTimeout(timer);
          resolve();
        } else if (word === 'CONNECT' || word === 'CLOSE') {
          this.clients = Number(n);
          if (word === 'CONNECT') this.totalConnects += 1;
          this.peakClients = Math.max(this.peakClients, this.clients);
          for (const l of this.listeners) l();
        }
      });
    });
  }

  resetPeak(): void {
    this.peakClients = this.clients;
  }

  /** Resolves when `pred()` holds, checked at each connect/close; rejects after `timeoutMs`. */
  waitFor(pred: (cam: RtspCamera) => boolean, timeoutMs: number): Promise<void> {
    if (pred(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pred(this)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`camera condition not met in ${timeoutMs} ms (clients=${this.clients})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  /** Freezes the camera: its sockets stay open but nothing is sent (like a hung device). */
  freeze(): void {
    if (this.child?.pid) process.kill(this.child.pid, 'SIGSTOP');
  }
  thaw(): void {
    if (this.child?.pid) process.kill(this.child.pid, 'SIGCONT');
  }

  /** Kills the camera abruptly (power cut): its connections drop. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  /** Brings a killed camera back on the same port, so the same URL works again. */
  async restart(): Promise<void> {
    await this.launch(this.port);
  }

  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.removeAllListeners('exit');
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(child.pid!, 'SIGCONT');
    } catch {
      // already gone
    }
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(timer);
    this.clients = 0;
  }
}
