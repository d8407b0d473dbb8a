import type { Camera, CameraCreate, CameraPatch } from '@ioc/protocol';

/** What the camera form holds; every value as typed (credentials are never prefilled). */
export interface CameraFormValues {
  id: string;
  name: string;
  district: string;
  mainUrl: string;
  subUrl: string;
  onvifAddress: string;
  username: string;
  password: string;
}

/**
 * The POST body for a new camera: empty optional fields are left out, so the controller's
 * defaults apply. Values go as typed (trimmed, except the password, which may hold spaces).
 */
export function createBody(v: CameraFormValues): CameraCreate {
  const body: CameraCreate = { id: v.id.trim(), name: v.name.trim(), district: v.district.trim(), mainUrl: v.mainUrl.trim() };
  if (v.subUrl.trim()) body.subUrl = v.subUrl.trim();
  if (v.onvifAddress.trim()) body.onvifAddress = v.onvifAddress.trim();
  if (v.username.trim()) body.username = v.username.trim();
  if (v.password) body.password = v.password;
  return body;
}

/**
 * The PATCH body for an edit: only what changed. An emptied sub URL or ONVIF address becomes
 * null (cleared); blank credential fields mean "keep the stored ones" (clearing them is its own
 * button), since the form never knows them.
 */
export function patchBody(old: Camera, v: CameraFormValues): CameraPatch {
  const patch: CameraPatch = {};
  const name = v.name.trim();
  const district = v.district.trim();
  const mainUrl = v.mainUrl.trim();
  if (name !== old.name) patch.name = name;
  if (district !== old.district) patch.district = district;
  if (mainUrl !== old.mainUrl) patch.mainUrl = mainUrl;
  const optional = (typed: string, was: string | null): string | null | undefined => {
    const t = typed.trim();
    if (t === (was ?? '')) return undefined;
    return t === '' ? null : t;
  };
  const subUrl = optional(v.subUrl, old.subUrl);
  if (subUrl !== undefined) patch.subUrl = subUrl;
  const onvifAddress = optional(v.onvifAddress, old.onvifAddress);
  if (onvifAddress !== undefined) patch.onvifAddress = onvifAddress;
  if (v.username.trim()) patch.username = v.username.trim();
  if (v.password) patch.password = v.password;
  return patch;
}
