import {
  AppError,
  CameraCreateSchema,
  CameraPatchSchema,
  parseOrThrow,
  type Camera,
  type CameraStreamsStatus,
  type InternalCamera,
} from '@ioc/protocol';
import type { Actor } from '../auth/sessions';
import type { CameraRecord } from '../db/cameras-repo';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';

interface SplitUrl {
  url: string;
  username: string | null;
  password: string | null;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Moves a URL's userinfo out (decoded), so the stored URL never carries credentials. */
export function splitCredentials(url: string): SplitUrl {
  const u = new URL(url);
  const username = u.username ? decode(u.username) : null;
  const password = u.password ? decode(u.password) : null;
  u.username = '';
  u.password = '';
  return { url: u.toString(), username, password };
}

/** Puts the stored credentials back into a URL, %-encoded, for the gateway's ffmpeg only. */
export function joinCredentials(url: string, username: string | null, password: string | null): string {
  if (!username && !password) return url;
  const u = new URL(url);
  u.username = encodeURIComponent(username ?? '');
  u.password = encodeURIComponent(password ?? '');
  return u.toString();
}

export function hasCredentials(c: CameraRecord): boolean {
  return Boolean(c.username) || Boolean(c.password);
}

/** The only shape a camera leaves the controller in, apart from the gateway's internal API. */
export function publicCamera(c: CameraRecord, status?: CameraStreamsStatus): Camera {
  return {
    id: c.id,
    name: c.name,
    district: c.district,
    mainUrl: c.mainUrl,
    subUrl: c.subUrl,
    onvifAddress: c.onvifAddress,
    hasCredentials: hasCredentials(c),
    updatedAt: c.updatedAt,
    ...(status ? { status } : {}),
  };
}

export function internalCamera(c: CameraRecord): InternalCamera {
  return {
    id: c.id,
    name: c.name,
    mainUrl: joinCredentials(c.mainUrl, c.username, c.password),
    subUrl: c.subUrl === null ? null : joinCredentials(c.subUrl, c.username, c.password),
    onvif: c.onvifAddress === null ? null : { address: c.onvifAddress, username: c.username, password: c.password },
  };
}

const credentialsOf = (a: SplitUrl | null) => (a && (a.username !== null || a.password !== null) ? a : null);

/** One username/password per camera: URLs that disagree are refused (without echoing them). */
function urlCredentials(main: SplitUrl | null, sub: SplitUrl | null): { username: string | null; password: string | null } | null {
  const m = credentialsOf(main);
  const s = credentialsOf(sub);
  if (m && s && (m.username !== s.username || m.password !== s.password)) {
    throw new AppError('VALIDATION_FAILED', 'invalid camera: subUrl: its credentials differ from mainUrl\'s (a camera has one username/password)', {
      issues: [{ path: 'subUrl', message: 'credentials differ from mainUrl\'s' }],
    });
  }
  const c = m ?? s;
  return c ? { username: c.username, password: c.password } : null;
}

/** Camera registry commands; each change and its audit row commit together. */
export function createCameraCommands(store: Store) {
  return {
    create(actor: Actor, body: unknown): CameraRecord {
      requirePermission(actor, 'cameras.write');
      const input = parseOrThrow(CameraCreateSchema, body, 'camera');
      const main = splitCredentials(input.mainUrl);
      const sub = input.subUrl === undefined ? null : splitCredentials(input.subUrl);
      const fromUrl = urlCredentials(main, sub);
      const record: CameraRecord = {
        id: input.id,
        name: input.name,
        district: input.district,
        mainUrl: main.url,
        subUrl: sub?.url ?? null,
        onvifAddress: input.onvifAddress ?? null,
        username: input.username ?? fromUrl?.username ?? null,
        password: input.password ?? fromUrl?.password ?? null,
        updatedAt: 0,
      };
      return store.tx(() => {
        if (store.cameras.get(record.id)) throw new AppError('ALREADY_EXISTS', `camera "${record.id}" already exists`);
        const saved = store.cameras.insert(record);
        store.audit.write({
          actor: actor.username,
          action: 'camera.create',
          target: record.id,
          details: { name: record.name, district: record.district, hasSub: record.subUrl !== null, hasCredentials: hasCredentials(record) },
        });
        return saved;
      });
    },

    update(actor: Actor, id: string, body: unknown): CameraRecord {
      requirePermission(actor, 'cameras.write');
      const patch = parseOrThrow(CameraPatchSchema, body, 'camera');
      return store.tx(() => {
        const old = store.cameras.get(id);
        if (!old) throw new AppError('CAMERA_NOT_FOUND', `camera "${id}" does not exist`);
        const main = patch.mainUrl === undefined ? null : splitCredentials(patch.mainUrl);
        const sub = patch.subUrl === undefined || patch.subUrl === null ? null : splitCredentials(patch.subUrl);
        const fromUrl = urlCredentials(main, sub);
        const next: CameraRecord = {
          ...old,
          name: patch.name ?? old.name,
          district: patch.district ?? old.district,
          mainUrl: main?.url ?? old.mainUrl,
          subUrl: patch.subUrl === undefined ? old.subUrl : (sub?.url ?? null),
          onvifAddress: patch.onvifAddress === undefined ? old.onvifAddress : patch.onvifAddress,
          username: patch.username !== undefined ? patch.username : fromUrl ? fromUrl.username : old.username,
          password: patch.password !== undefined ? patch.password : fromUrl ? fromUrl.password : old.password,
        };
        const saved = store.cameras.update(next);
        // Field names only: values (URLs, credentials) stay out of the audit trail.
        const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined);
        if (fromUrl && !changed.includes('username')) changed.push('username');
        if (fromUrl && !changed.includes('password')) changed.push('password');
        store.audit.write({ actor: actor.username, action: 'camera.update', target: id, details: { changed, hasCredentials: hasCredentials(saved) } });
        return saved;
      });
    },

    remove(actor: Actor, id: string): void {
      requirePermission(actor, 'cameras.write');
      store.tx(() => {
        const old = store.cameras.get(id);
        if (!old) throw new AppError('CAMERA_NOT_FOUND', `camera "${id}" does not exist`);
        store.cameras.remove(id);
        store.audit.write({ actor: actor.username, action: 'camera.delete', target: id, details: { name: old.name } });
      });
    },
  };
}
export type CameraCommands = ReturnType<typeof createCameraCommands>;
