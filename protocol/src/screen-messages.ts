import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import { ScreenPositionSchema, WallSpecSchema } from './wall';
import { ScreenHealthFieldsSchema } from './screen-health';
import { LanguageSchema } from './auth';

/** Largest JSON payload a socket event may carry; larger ones get PAYLOAD_TOO_LARGE. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/**
 * The socket.io transport's limit for one encoded message (the server's `maxHttpBufferSize` is at
 * least this). A bigger message makes the server drop the connection without a word, so clients
 * check the size before they emit and fail the request with PAYLOAD_TOO_LARGE instead.
 */
export const SOCKET_TRANSPORT_MAX_BYTES = 1_000_000;

/** Room for socket.io's packet header: type, namespace, ack id. */
const PACKET_HEADER_BYTES = 64;

/** The size of `[event, ...args]` as socket.io sends it (JSON, UTF-8, plus its header), to compare with the limit. */
export function encodedEventBytes(event: string, ...args: unknown[]): number {
  let json: string | undefined;
  try {
    json = JSON.stringify([event, ...args.filter((a) => typeof a !== 'function')]);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  return new TextEncoder().encode(json ?? '').length + PACKET_HEADER_BYTES;
}

/**
 * Socket.io handshake `auth` of a screen. A paired screen presents its display token; a new
 * one presents only its device id and gets a pairing code back.
 */
export const ScreenHandshakeSchema = z
  .object({
    protocolVersion: z.number().int(),
    deviceId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
    token: z.string().min(16).max(256).optional(),
    hostname: z.string().max(255).optional(),
    /** Honoured only when the controller runs with `demo.autoPair`. */
    demoPosition: ScreenPositionSchema.optional(),
  })
  .strict();
export type ScreenHandshake = z.infer<typeof ScreenHandshakeSchema>;

export const ConsoleHandshakeSchema = z
  .object({ protocolVersion: z.number().int(), token: z.string().min(1).max(512).optional() })
  .strict();
export type ConsoleHandshake = z.infer<typeof ConsoleHandshakeSchema>;

export const PairingInfoSchema = z.object({
  code: z.string(),
  deviceId: z.string(),
  hostname: z.string().nullable(),
  address: z.string().nullable(),
});
export type PairingInfo = z.infer<typeof PairingInfoSchema>;

export const PairedSchema = z.object({
  screenId: IdSchema,
  token: z.string(),
  wallId: IdSchema,
  col: z.number().int(),
  row: z.number().int(),
});
export type Paired = z.infer<typeof PairedSchema>;

/** Sent once a paired screen is authenticated: where it sits and the wall it belongs to. */
export const ScreenWelcomeSchema = z.object({
  screenId: IdSchema,
  wallId: IdSchema,
  col: z.number().int(),
  row: z.number().int(),
  serverTime: EpochMsSchema,
  /** Base URL of the media gateway (HLS, widget feeds), or null when none is configured. */
  mediaGatewayUrl: z.string().nullable(),
  /**
   * The wall's geometry (bezels included), so the screen computes its crops without a REST call.
   * Sent without `widgetLanguage`: screens built before it parse the spec strictly.
   */
  wall: WallSpecSchema.optional(),
  /** The wall's widget language when set (`wall.widgetLanguage`); else the screen's own (URL `lang`). */
  widgetLanguage: LanguageSchema.optional(),
});
export type ScreenWelcome = z.infer<typeof ScreenWelcomeSchema>;

export const AckSchema = z
  .object({
    version: z.number().int().nonnegative(),
    /** When the screen presented the new scene, on the screen's own clock. */
    appliedAt: EpochMsSchema,
    /** The screen's measured offset to the controller (controller = local + offset). */
    clockOffsetMs: z.number().finite().optional(),
    /**
     * When the state reached the screen and its new scene was built, on the screen's clock; only
     * for a state pushed by a switch. The controller sets each wall's switch margin from it.
     */
    readyAt: EpochMsSchema.optional(),
  })
  .strict();
export type Ack = z.infer<typeof AckSchema>;

export const HeartbeatSchema = z
  .object({
    fps: z.number().finite().nonnegative().max(1000),
    memoryMb: z.number().finite().nonnegative().max(1_000_000),
    appliedVersion: z.number().int().nonnegative().nullable(),
    uptimeS: z.number().finite().nonnegative().optional(),
    ...ScreenHealthFieldsSchema.shape,
  })
  .strict();
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/** NTP-style ping: the client sends t0; the server answers with its receive and send times. */
export const ClockPingSchema = z.object({ t0: z.number().finite() }).strict();
export const ClockPongSchema = z.object({ t0: z.number(), t1: z.number(), t2: z.number() });
export type ClockPong = z.infer<typeof ClockPongSchema>;

export const SyncRequestSchema = z
  .object({ knownVersion: z.number().int().nonnegative().nullable() })
  .strict();

export const IdentifyMessageSchema = z.object({
  durationMs: z.number().int(),
  until: EpochMsSchema,
});
