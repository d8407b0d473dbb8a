import { z } from 'zod';
import {
  ApplyLayoutResultSchema,
  OnvifDiscoverResultSchema,
  OnvifProbeResultSchema,
  ScreenshotInfoSchema,
  WallSpecSchema,
  type ApplyLayoutResult,
  type Bezel,
  type OnvifDiscoverResult,
  type OnvifProbeResult,
  type ScreenshotInfo,
  type WallSpec,
} from '@ioc/protocol';
import { ApiRequestError } from '../../api';
import { mediaToken } from '../../media';
import { api, endSession, sessionStore } from '../../state/session';

/** The technician's own calls, beyond the shared client: all through `api.request` (one error shape). */
const screen = (id: string) => `/api/screens/${encodeURIComponent(id)}`;
const wall = (id: string) => `/api/walls/${encodeURIComponent(id)}`;

export const techApi = {
  /** `PATCH /api/walls/:wallId`: bezels and widget language, pushed live to the wall's screens. */
  updateWall: (wallId: string, body: { bezel?: Bezel; widgetLanguage?: 'vi' | 'en' }): Promise<WallSpec> =>
    api.request('PATCH', wall(wallId), WallSpecSchema.loose(), body),
  /** The position of `screenId` moves to the device showing `code`. */
  replace: (screenId: string, code: string): Promise<unknown> => api.request('POST', `${screen(screenId)}/replace`, z.unknown(), { code }),
  screenshot: (screenId: string): Promise<ScreenshotInfo> => api.request('POST', `${screen(screenId)}/screenshot`, ScreenshotInfoSchema, {}),
  probe: (body: { address: string; username?: string; password?: string }): Promise<OnvifProbeResult> =>
    api.request('POST', '/api/cameras/onvif/probe', OnvifProbeResultSchema, body),
  discover: (): Promise<OnvifDiscoverResult> => api.request('POST', '/api/cameras/discover', OnvifDiscoverResultSchema, { timeoutMs: 4000 }),
  applyTiles: (wallId: string, body: { layoutId?: string; tiles?: unknown[]; ifVersion?: number; reason?: string }): Promise<ApplyLayoutResult> =>
    api.request('POST', `${wall(wallId)}/apply`, ApplyLayoutResultSchema, body),
  undo: (wallId: string, ifVersion: number, reason?: string): Promise<ApplyLayoutResult> =>
    api.request('POST', `${wall(wallId)}/undo`, ApplyLayoutResultSchema, reason ? { ifVersion, reason } : { ifVersion }),
};

/**
 * A screenshot's PNG as an object URL: the image needs the Bearer token, so it is fetched as a
 * blob (the CSP allows blob: images). The caller revokes the URL when it is replaced.
 */
export async function screenshotObjectUrl(screenId: string, n: number): Promise<string> {
  const token = sessionStore.getState().token;
  let res: Response;
  try {
    res = await fetch(`${screen(screenId)}/screenshots/${n}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (err) {
    throw new ApiRequestError('NETWORK_ERROR', `cannot reach the controller: ${(err as Error).message}`, 0);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
    if (res.status === 401) endSession('expired');
    throw new ApiRequestError((body?.code as never) ?? 'BAD_RESPONSE', body?.message ?? `HTTP ${res.status}`, res.status);
  }
  return URL.createObjectURL(await res.blob());
}

/**
 * Asks the media gateway for the camera's live playlist: that starts the stream (ffmpeg from the
 * camera) and answers once it is live, or with the gateway's error code (UPSTREAM_FAILED with
 * the state). The stream's state then comes by the usual pushes; it stops again when idle.
 */
export async function checkStream(cameraId: string, profile: 'main' | 'sub' = 'main'): Promise<void> {
  const t = await mediaToken(cameraId);
  const url = `${t.gatewayUrl.replace(/\/$/, '')}/hls/${encodeURIComponent(t.token)}/${encodeURIComponent(cameraId)}/${profile}/index.m3u8`;
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store' });
  } catch (err) {
    throw new ApiRequestError('NETWORK_ERROR', `cannot reach the media gateway: ${(err as Error).message}`, 0);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
    throw new ApiRequestError((body?.code as never) ?? 'UPSTREAM_FAILED', body?.message ?? `HTTP ${res.status}`, res.status);
  }
  await res.body?.cancel().catch(() => undefined);
}
