import { z } from 'zod';
import { IdSchema } from './common';
import { parseOrThrow } from './errors';

/**
 * ONVIF over the API: "add by address" (probe), PTZ for duty officers, and WS-Discovery on a
 * technician's request. The console talks to the controller; the controller relays to the media
 * gateway's internal routes (bearer media secret), which hold the ONVIF client. Credentials are
 * accepted on probe only and never answered: every URI here comes without userinfo.
 */

/** Device service address: an http URL without credentials, or `host[:port]`. */
export const OnvifAddressSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(512)
  .regex(/^(https?:\/\/[^\s@]+|[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?)$/, 'must be an http URL without credentials, or host[:port]');

const timeoutMs = z.number().int('must be an integer').min(500, 'must be >= 500').max(30_000, 'must be <= 30000');

export const OnvifProbeRequestSchema = z
  .object({
    address: OnvifAddressSchema,
    username: z.string().max(128).optional(),
    password: z.string().max(256).optional(),
    /** Deadline for each ONVIF request. */
    timeoutMs: timeoutMs.optional(),
  })
  .strict();
export type OnvifProbeRequest = z.infer<typeof OnvifProbeRequestSchema>;

const OnvifStreamEndpointsSchema = z.object({
  profileToken: z.string(),
  rtspUri: z.string(),
  snapshotUri: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  encoding: z.string().nullable(),
});

export const OnvifProbeResultSchema = z.object({
  /** `host:port` as probed. */
  address: z.string(),
  device: z.object({
    manufacturer: z.string(),
    model: z.string(),
    firmware: z.string(),
    serial: z.string(),
    hardwareId: z.string().nullable(),
  }),
  profiles: z.array(
    z.object({
      token: z.string(),
      name: z.string(),
      width: z.number().nullable(),
      height: z.number().nullable(),
      encoding: z.string().nullable(),
      fps: z.number().nullable(),
      ptz: z.boolean(),
    }),
  ),
  /** Highest-resolution profile: what `mainUrl` should be. */
  main: OnvifStreamEndpointsSchema.nullable(),
  /** Lowest-resolution profile: what `subUrl` should be. */
  sub: OnvifStreamEndpointsSchema.nullable(),
  ptz: z.boolean(),
});
export type OnvifProbeResult = z.infer<typeof OnvifProbeResultSchema>;

const axis = z.number().min(-1, 'must be >= -1').max(1, 'must be <= 1');

/** A PTZ command as a user sends it (`POST /api/cameras/:id/ptz`). */
export const PtzCommandSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('move'),
      /** Pan speed (right positive), tilt speed (up positive), zoom speed (in positive). */
      x: axis.default(0),
      y: axis.default(0),
      zoom: axis.default(0),
      /** The camera stops by itself after this long if no stop arrives. */
      timeoutMs: z.number().int('must be an integer').min(100, 'must be >= 100').max(10_000, 'must be <= 10000').optional(),
    })
    .strict(),
  z.object({ action: z.literal('stop') }).strict(),
  z
    .object({
      action: z.literal('preset'),
      presetToken: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 letters, digits, _ . : -'),
    })
    .strict(),
]);
export type PtzCommand = z.infer<typeof PtzCommandSchema>;

/**
 * The gateway's `POST /api/onvif/ptz`: a command for one registered camera, flat. Parsed in two
 * steps (the id, then the rest strictly), as an intersection would let unknown keys through.
 */
export function parseGatewayPtzRequest(body: unknown): GatewayPtzRequest {
  const { cameraId, ...command } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return { cameraId: parseOrThrow(IdSchema, cameraId, 'PTZ command: cameraId'), ...parseOrThrow(PtzCommandSchema, command, 'PTZ command') };
}
export type GatewayPtzRequest = { cameraId: string } & PtzCommand;

export const OnvifPresetListSchema = z.object({
  presets: z.array(z.object({ token: z.string(), name: z.string() })),
});
export type OnvifPresetList = z.infer<typeof OnvifPresetListSchema>;

export const OnvifDiscoverRequestSchema = z
  .object({ timeoutMs: z.number().int('must be an integer').min(1000, 'must be >= 1000').max(30_000, 'must be <= 30000').optional() })
  .strict();
export type OnvifDiscoverRequest = z.infer<typeof OnvifDiscoverRequestSchema>;

export const OnvifDiscoverResultSchema = z.object({
  devices: z.array(z.object({ urn: z.string(), xaddrs: z.array(z.string()), scopes: z.array(z.string()) })),
});
export type OnvifDiscoverResult = z.infer<typeof OnvifDiscoverResultSchema>;
