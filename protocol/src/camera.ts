import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import { StreamStatusSchema } from './stream-status';

/**
 * The controller's camera registry. Credentials are write-only: accepted on create/update
 * (as fields, or inside the RTSP URL, from where the controller moves them out), stored, and
 * never answered. Messages here never echo the input, so a refused URL cannot leak a password.
 */
const rtspUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    if (!/^rtsps?:\/\/[^\s]+$/i.test(u)) return false;
    try {
      return new URL(u).hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be an rtsp:// or rtsps:// URL with a host');

/** ONVIF device service address: an http(s) URL or `host[:port]`. */
const onvifAddress = z
  .string()
  .max(512)
  .regex(/^(https?:\/\/[^\s@]+|[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?)$/, 'must be an http(s) URL without credentials, or host[:port]');

const name = z.string().trim().min(1, 'must not be empty').max(120);
const district = z.string().trim().max(120);
const username = z.string().max(128);
const password = z.string().max(256);

export const CameraCreateSchema = z
  .object({
    id: IdSchema,
    name,
    district: district.default(''),
    mainUrl: rtspUrl,
    subUrl: rtspUrl.optional(),
    onvifAddress: onvifAddress.optional(),
    username: username.optional(),
    password: password.optional(),
  })
  .strict();
export type CameraCreate = z.input<typeof CameraCreateSchema>;

/** PATCH: every field optional; `null` clears an optional one (credentials included). */
export const CameraPatchSchema = z
  .object({
    name: name.optional(),
    district: district.optional(),
    mainUrl: rtspUrl.optional(),
    subUrl: rtspUrl.nullable().optional(),
    onvifAddress: onvifAddress.nullable().optional(),
    username: username.nullable().optional(),
    password: password.nullable().optional(),
  })
  .strict();
export type CameraPatch = z.input<typeof CameraPatchSchema>;

/** Health of both profiles as last reported by the media gateway; null when never seen. */
export const CameraStreamsStatusSchema = z.object({
  main: StreamStatusSchema.nullable(),
  sub: StreamStatusSchema.nullable(),
});
export type CameraStreamsStatus = z.infer<typeof CameraStreamsStatusSchema>;

/** What every API answer carries: URLs without userinfo, and whether credentials are stored. */
export const CameraSchema = z.object({
  id: IdSchema,
  name: z.string(),
  district: z.string(),
  mainUrl: z.string(),
  subUrl: z.string().nullable(),
  onvifAddress: z.string().nullable(),
  hasCredentials: z.boolean(),
  updatedAt: EpochMsSchema,
  /** Built into the system (the demo cameras): listed and escalatable, not editable. */
  builtin: z.boolean().optional(),
  status: CameraStreamsStatusSchema.optional(),
});
export type Camera = z.infer<typeof CameraSchema>;

/**
 * `GET /api/internal/cameras/:id` (media gateway only, bearer media secret): the full URLs with
 * credentials. The one place they leave the controller.
 */
export const InternalCameraSchema = z.object({
  id: IdSchema,
  name: z.string(),
  mainUrl: z.string(),
  subUrl: z.string().nullable(),
  /** For the gateway's ONVIF client (PTZ, snapshots); null when the camera has no ONVIF address. */
  onvif: z
    .object({ address: z.string(), username: z.string().nullable(), password: z.string().nullable() })
    .nullable()
    .optional(),
});
export type InternalCamera = z.infer<typeof InternalCameraSchema>;

/** A screen's (socket) or console's (REST) request for a gateway access token. */
export const AccessTokenRequestSchema = z.discriminatedUnion('aud', [
  z.object({ aud: z.literal('media'), resource: IdSchema }).strict(),
  z.object({ aud: z.literal('feeds') }).strict(),
]);
export type AccessTokenRequest = z.infer<typeof AccessTokenRequestSchema>;

export const AccessTokenSchema = z.object({
  token: z.string(),
  /** Epoch ms (controller clock). */
  expiresAt: EpochMsSchema,
  /** Base URL of the gateway that accepts the token, as screens reach it. */
  gatewayUrl: z.string(),
});
export type AccessToken = z.infer<typeof AccessTokenSchema>;

export const StreamStatusListSchema = z.object({ streams: z.array(StreamStatusSchema), gatewayConnected: z.boolean() });
