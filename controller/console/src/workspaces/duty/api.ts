import { z } from 'zod';
import { ApiErrorSchema, EscalationSchema, OnvifPresetListSchema, type Escalation, type OnvifPresetList, type PtzCommandSchema } from '@ioc/protocol';
import { ApiRequestError } from '../../api';
import { liveStore } from '../../state/live';
import { api, endSession, sessionStore } from '../../state/session';

/** The duty officer's own calls: escalations, their clip, and PTZ. */
const EscalationLoose = EscalationSchema.loose();
const ok = z.unknown();
const esc = (id: string) => `/api/escalations/${encodeURIComponent(id)}`;
const cam = (id: string) => `/api/cameras/${encodeURIComponent(id)}`;

/** The answer goes into the live store at once; the controller's push (same data) follows. */
function remember(e: Escalation): Escalation {
  liveStore.setState((s) => {
    const i = s.escalations.findIndex((x) => x.id === e.id);
    if (i < 0) return { escalations: [...s.escalations, e] };
    const next = s.escalations.slice();
    next[i] = e;
    return { escalations: next };
  });
  return e;
}

export async function escalate(body: { cameraId: string; reason: string; priority: number }): Promise<Escalation> {
  return remember(await api.request('POST', '/api/escalations', EscalationLoose, body));
}

export async function acknowledge(id: string): Promise<Escalation> {
  return remember(await api.request('POST', `${esc(id)}/ack`, EscalationLoose, {}));
}

export async function closeEscalation(id: string, note: string): Promise<Escalation> {
  const body = note.trim() ? { note: note.trim() } : {};
  return remember(await api.request('POST', `${esc(id)}/close`, EscalationLoose, body));
}

export async function ptz(cameraId: string, cmd: z.input<typeof PtzCommandSchema>): Promise<void> {
  await api.request('POST', `${cam(cameraId)}/ptz`, ok, cmd);
}

export function presets(cameraId: string): Promise<OnvifPresetList> {
  return api.request('GET', `${cam(cameraId)}/presets`, OnvifPresetListSchema);
}

/**
 * The evidence clip as a Blob. It needs the session (a Bearer header), so it cannot be a plain
 * link: the console fetches it and hands the browser an object URL to save.
 */
export async function fetchClip(id: string): Promise<Blob> {
  const token = sessionStore.getState().token;
  let res: Response;
  try {
    res = await fetch(`${esc(id)}/clip`, { headers: token ? { authorization: `Bearer ${token}` } : {}, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiRequestError('NETWORK_ERROR', `cannot reach the controller (GET clip): ${(err as Error).message}`, 0);
  }
  if (!res.ok) {
    const parsed = ApiErrorSchema.safeParse(await res.json().catch(() => null));
    if (res.status === 401 && token) endSession('expired');
    if (parsed.success) throw new ApiRequestError(parsed.data.code, parsed.data.message, res.status, parsed.data.details);
    throw new ApiRequestError('BAD_RESPONSE', `GET clip failed with HTTP ${res.status}`, res.status);
  }
  return res.blob();
}

/** Saves a Blob through a temporary `<a download>` (blob: URLs are allowed by the console's CSP). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; give the browser a moment before revoking.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Field-level messages of a VALIDATION_FAILED answer, by top-level field name. */
export function fieldIssues(err: unknown): Record<string, string> {
  if (!(err instanceof ApiRequestError) || err.code !== 'VALIDATION_FAILED') return {};
  const issues = (err.details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    const field = String(i.path ?? '').split(/[.[]/)[0] ?? '';
    if (field && !out[field]) out[field] = String(i.message ?? '');
  }
  return out;
}
