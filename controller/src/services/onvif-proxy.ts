import { z } from 'zod';
import {
  ApiErrorSchema,
  AppError,
  OnvifDiscoverResultSchema,
  OnvifPresetListSchema,
  OnvifProbeResultSchema,
  type OnvifDiscoverResult,
  type OnvifPresetList,
  type OnvifProbeRequest,
  type OnvifProbeResult,
  type PtzCommand,
} from '@ioc/protocol';

export interface OnvifProxyOptions {
  /** `mediaGateway.url`; null when no gateway is configured. */
  url: string | null;
  /** `mediaGateway.secret`. */
  secret: string | null;
  fetch?: typeof fetch;
}

const ApiOk = z.object({ ok: z.literal(true) });

/** Codes the gateway may answer that mean the same to the user; anything else is the gateway's fault. */
const PASS_THROUGH = new Set(['VALIDATION_FAILED', 'BAD_CREDENTIALS', 'UPSTREAM_FAILED', 'CAMERA_NOT_FOUND']);

/**
 * The controller's side of ONVIF: the media gateway holds the ONVIF client and the camera
 * credentials (it reads them from the internal camera API), so every call is relayed to its
 * `/api/onvif/*` routes with the shared media secret. Failures come back with stable codes:
 * GATEWAY_NOT_CONFIGURED, or UPSTREAM_FAILED naming the gateway, never a 401 that a console
 * would mistake for its own session ending.
 */
export function createOnvifProxy(opts: OnvifProxyOptions) {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.url?.replace(/\/+$/, '') ?? null;

  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S, timeoutMs: number): Promise<z.infer<S>> {
    if (!base || !opts.secret) {
      throw new AppError('GATEWAY_NOT_CONFIGURED', 'ONVIF needs the media gateway: set mediaGateway.url and mediaGateway.secret (IOC_MEDIA_GATEWAY_URL, IOC_MEDIA_SECRET)');
    }
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method,
        headers: { authorization: `Bearer ${opts.secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } } | null;
      const why = e?.name === 'TimeoutError' ? `gave no answer within ${timeoutMs} ms` : `is unreachable (${e?.cause?.code ?? 'network error'})`;
      throw new AppError('UPSTREAM_FAILED', `the media gateway at ${base} ${why}`, { upstream: 'media-gateway' });
    }
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data;
      throw new AppError('UPSTREAM_FAILED', `the media gateway at ${base} sent a malformed answer to ${method} ${path.split('/').slice(0, 4).join('/')}`, { upstream: 'media-gateway' });
    }
    const apiErr = ApiErrorSchema.safeParse(json);
    if (apiErr.success && PASS_THROUGH.has(apiErr.data.code)) {
      throw new AppError(apiErr.data.code, apiErr.data.message, apiErr.data.details);
    }
    const why =
      res.status === 401 ? 'refused the controller (mediaGateway.secret differs from the gateway\'s media.secret)'
      : res.status === 404 && apiErr.data?.code === 'NOT_FOUND' ? 'has no ONVIF routes (older gateway?)'
      : `answered ${res.status}${apiErr.success ? ` (${apiErr.data.code})` : ''}`;
    throw new AppError('UPSTREAM_FAILED', `the media gateway at ${base} ${why}`, { upstream: 'media-gateway' });
  }

  return {
    /** Up to six ONVIF requests (connect, info, two profiles' URIs) at the gateway's per-request deadline. */
    probe(body: OnvifProbeRequest): Promise<OnvifProbeResult> {
      return call('POST', '/api/onvif/probe', body, OnvifProbeResultSchema, (body.timeoutMs ?? 5_000) * 6 + 2_000);
    },
    async ptz(cameraId: string, cmd: PtzCommand): Promise<void> {
      await call('POST', '/api/onvif/ptz', { cameraId, ...cmd }, ApiOk, 15_000);
    },
    async presets(cameraId: string): Promise<OnvifPresetList> {
      return call('GET', `/api/onvif/presets/${encodeURIComponent(cameraId)}`, undefined, OnvifPresetListSchema, 15_000);
    },
    discover(timeoutMs: number): Promise<OnvifDiscoverResult> {
      return call('POST', '/api/onvif/discover', { timeoutMs }, OnvifDiscoverResultSchema, timeoutMs + 5_000);
    },
  };
}
export type OnvifProxy = ReturnType<typeof createOnvifProxy>;
