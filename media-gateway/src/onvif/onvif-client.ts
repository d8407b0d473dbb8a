import { Agent } from 'node:http';
import onvif from 'onvif';
import type { Cam as CamType, CamProfile } from 'onvif';
import { AppError } from '@ioc/protocol';
import { parseOnvifAddress, stripUserinfo } from './onvif-address';
import type { OnvifEndpoint } from './onvif-address';
import { toOnvifAppError } from './onvif-errors';

export interface OnvifTarget {
  /** `host`, `host:port` or `http://host:port/path`. */
  address: string;
  username?: string;
  password?: string;
  /** Deadline for each step (connect, then each request). Default 8000 ms. */
  timeoutMs?: number;
}

export interface OnvifDeviceInfo {
  manufacturer: string;
  model: string;
  firmware: string;
  serial: string;
  hardwareId: string | null;
}

export interface OnvifProfileInfo {
  token: string;
  name: string;
  width: number | null;
  height: number | null;
  encoding: string | null;
  fps: number | null;
  ptz: boolean;
}

/** Where to pull one profile from; URIs never carry credentials. */
export interface OnvifStreamEndpoints {
  profileToken: string;
  rtspUri: string;
  snapshotUri: string | null;
  width: number | null;
  height: number | null;
  encoding: string | null;
}

export interface OnvifProbeResult {
  /** `host:port` as probed. */
  address: string;
  device: OnvifDeviceInfo;
  profiles: OnvifProfileInfo[];
  /** Highest-resolution profile. */
  main: OnvifStreamEndpoints | null;
  /** Lowest-resolution profile (same as main on single-profile devices). */
  sub: OnvifStreamEndpoints | null;
  ptz: boolean;
}

export interface OnvifPreset {
  token: string;
  name: string;
}

export interface PtzVelocity {
  /** Pan speed, -1..1 (right is positive). */
  x: number;
  /** Tilt speed, -1..1 (up is positive). */
  y: number;
  /** Zoom speed, -1..1 (in is positive). */
  zoom: number;
}

const DEFAULT_TIMEOUT_MS = 8000;
const { Cam } = onvif;

/**
 * One authenticated session with a camera. Build it with `connectOnvif`; each call has the
 * session's deadline, and a failure comes back as an AppError naming the address.
 */
export class OnvifSession {
  private closed = false;

  constructor(
    private readonly cam: CamType,
    private readonly endpoint: OnvifEndpoint,
    private readonly agent: Agent,
    private readonly timeoutMs: number,
  ) {}

  get address(): string {
    return this.endpoint.display;
  }

  get profiles(): OnvifProfileInfo[] {
    return (this.cam.profiles ?? []).map(toProfileInfo).filter((p): p is OnvifProfileInfo => p !== null);
  }

  /** The profile PTZ commands address: the first one with a PTZ configuration. */
  get ptzProfileToken(): string | null {
    return this.profiles.find((p) => p.ptz)?.token ?? null;
  }

  async deviceInfo(): Promise<OnvifDeviceInfo> {
    const info = await this.call<Record<string, unknown>>('GetDeviceInformation', (cb) => this.cam.getDeviceInformation(cb));
    const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
    return {
      manufacturer: s(info.manufacturer),
      model: s(info.model),
      firmware: s(info.firmwareVersion),
      serial: s(info.serialNumber),
      hardwareId: info.hardwareId === undefined ? null : s(info.hardwareId),
    };
  }

  async streamEndpoints(profile: OnvifProfileInfo): Promise<OnvifStreamEndpoints> {
    const stream = await this.call<{ uri?: unknown }>('GetStreamUri', (cb) =>
      this.cam.getStreamUri({ protocol: 'RTSP', profileToken: profile.token }, cb),
    );
    if (typeof stream?.uri !== 'string' || !stream.uri) {
      throw new AppError('UPSTREAM_FAILED', `ONVIF device ${this.address} gave no stream URI for profile ${profile.token}`);
    }
    let snapshotUri: string | null = null;
    try {
      const snap = await this.call<{ uri?: unknown }>('GetSnapshotUri', (cb) =>
        this.cam.getSnapshotUri({ profileToken: profile.token }, cb),
      );
      if (typeof snap?.uri === 'string' && snap.uri) snapshotUri = stripUserinfo(snap.uri);
    } catch (err) {
      // Snapshots are optional in Profile S; only an auth failure is worth surfacing.
      if (err instanceof AppError && err.code === 'BAD_CREDENTIALS') throw err;
    }
    return {
      profileToken: profile.token,
      rtspUri: stripUserinfo(stream.uri),
      snapshotUri,
      width: profile.width,
      height: profile.height,
      encoding: profile.encoding,
    };
  }

  /** Starts moving; the camera stops by itself after `timeoutMs` if no stop arrives. */
  async ptzMove(velocity: PtzVelocity, timeoutMs = 1000): Promise<void> {
    const profileToken = this.requirePtz();
    const clamp = (v: number) => Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
    await this.call('ContinuousMove', (cb) =>
      this.cam.continuousMove(
        { profileToken, x: clamp(velocity.x), y: clamp(velocity.y), zoom: clamp(velocity.zoom), timeout: Math.max(100, Math.round(timeoutMs)) },
        cb,
      ),
    );
  }

  async ptzStop(): Promise<void> {
    const profileToken = this.requirePtz();
    await this.call('Stop', (cb) => this.cam.stop({ profileToken, panTilt: true, zoom: true }, cb));
  }

  async getPresets(): Promise<OnvifPreset[]> {
    const profileToken = this.requirePtz();
    await this.call('GetPresets', (cb) => this.cam.getPresets({ profileToken }, cb));
    const presets = (this.cam.presets ?? {}) as Record<string, { name?: unknown }>;
    return Object.entries(presets).map(([token, p]) => ({ token, name: p?.name === undefined ? token : String(p.name) }));
  }

  async gotoPreset(presetToken: string): Promise<void> {
    const profileToken = this.requirePtz();
    if (!/^[\w.:-]{1,64}$/.test(presetToken)) {
      throw new AppError('VALIDATION_FAILED', 'presetToken: 1-64 letters, digits, _ . : -');
    }
    await this.call('GotoPreset', (cb) => this.cam.gotoPreset({ profileToken, preset: presetToken }, cb));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cam.removeAllListeners();
    this.agent.destroy();
  }

  private requirePtz(): string {
    const token = this.ptzProfileToken;
    if (!token) throw new AppError('VALIDATION_FAILED', `ONVIF device ${this.address} has no PTZ profile`);
    return token;
  }

  private call<T>(what: string, run: (cb: (err: Error | null, data?: T) => void) => void): Promise<T> {
    if (this.closed) return Promise.reject(new AppError('UPSTREAM_FAILED', `ONVIF session to ${this.address} is closed`));
    return withDeadline(this.timeoutMs, this.address, what, this.agent, run);
  }
}

/** Connects (GetSystemDateAndTime, GetServices/GetCapabilities, GetProfiles) and returns a session. */
export async function connectOnvif(target: OnvifTarget): Promise<OnvifSession> {
  const endpoint = parseOnvifAddress(target.address);
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // A private agent lets a deadline abort sockets that the library would otherwise keep waiting on.
  const agent = new Agent({ keepAlive: false });
  let cam: CamType | undefined;
  try {
    await withDeadline<void>(timeoutMs, endpoint.display, 'connect', agent, (cb) => {
      cam = new Cam(
        {
          hostname: endpoint.hostname,
          port: endpoint.port,
          path: endpoint.path,
          username: target.username,
          password: target.password,
          timeout: timeoutMs,
          agent,
          // Cameras behind NAT advertise service addresses we cannot reach; keep the one we used.
          preserveAddress: true,
        },
        (err) => cb(err ?? null),
      );
      // The library emits 'warning' for odd devices; an unhandled 'error' would crash the process.
      cam.on('error', () => undefined);
    });
  } catch (err) {
    agent.destroy();
    cam?.removeAllListeners();
    throw err;
  }
  return new OnvifSession(cam as CamType, endpoint, agent, timeoutMs);
}

/** "Add by address": device info, profiles, main (largest) and sub (smallest) stream URIs. */
export async function probeDevice(target: OnvifTarget): Promise<OnvifProbeResult> {
  const session = await connectOnvif(target);
  try {
    const device = await session.deviceInfo();
    const profiles = session.profiles;
    const byArea = [...profiles].filter((p) => p.width && p.height).sort((a, b) => area(b) - area(a));
    const mainProfile = byArea[0] ?? profiles[0];
    const subProfile = byArea[byArea.length - 1] ?? mainProfile;
    const main = mainProfile ? await session.streamEndpoints(mainProfile) : null;
    const sub = subProfile && mainProfile && subProfile.token !== mainProfile.token ? await session.streamEndpoints(subProfile) : main;
    return { address: session.address, device, profiles, main, sub, ptz: session.ptzProfileToken !== null };
  } finally {
    session.close();
  }
}

function area(p: OnvifProfileInfo): number {
  return (p.width ?? 0) * (p.height ?? 0);
}

function toProfileInfo(p: CamProfile): OnvifProfileInfo | null {
  const token = (p as { $?: { token?: unknown } }).$?.token;
  if (token === undefined) return null;
  const enc = p.videoEncoderConfiguration as
    | { encoding?: unknown; resolution?: { width?: unknown; height?: unknown }; rateControl?: { frameRateLimit?: unknown } }
    | undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    token: String(token),
    name: p.name === undefined ? String(token) : String(p.name),
    width: num(enc?.resolution?.width),
    height: num(enc?.resolution?.height),
    encoding: enc?.encoding === undefined ? null : String(enc.encoding),
    fps: num(enc?.rateControl?.frameRateLimit),
    ptz: p.PTZConfiguration !== undefined,
  };
}

function withDeadline<T>(
  timeoutMs: number,
  address: string,
  what: string,
  agent: Agent,
  run: (cb: (err: Error | null, data?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new AppError('UPSTREAM_FAILED', `ONVIF device ${address} gave no answer within ${timeoutMs} ms (${what})`, { address }));
      // Frees the hung socket; the library's late callback then lands on a settled promise.
      agent.destroy();
    }, timeoutMs);
    try {
      run((err, data) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(toOnvifAppError(err, address, what));
        else resolve(data as T);
      });
    } catch (err) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(toOnvifAppError(err, address, what));
    }
  });
}
