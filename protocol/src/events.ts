import { z } from 'zod';
import type { Result } from './errors';
import { AccessTokenRequestSchema, AccessTokenSchema } from './camera';
import { IdSchema } from './common';
import { ApplyLayoutResultSchema, ApplyLayoutSchema } from './commands';
import {
  AckSchema,
  ClockPingSchema,
  ClockPongSchema,
  HeartbeatSchema,
  IdentifyMessageSchema,
  PairedSchema,
  PairingInfoSchema,
  ScreenWelcomeSchema,
  SyncRequestSchema,
} from './screen-messages';
import { AlertSchema } from './alerts';
import { EscalationSchema } from './escalation';
import { ScreenshotFailedSchema, ScreenshotPartSchema, ScreenshotRequestSchema } from './screenshots';
import { StreamStatusSchema } from './stream-status';
import { WallStateSchema } from './wall-state';
import { WallSyncSchema } from './wall';

/**
 * Every socket.io event, as schemas. The typed event maps below derive from these, and both
 * ends parse with them: socket.io itself validates nothing.
 *
 * `request` events carry an acknowledgement callback that receives a `Result<reply>`.
 */
export const screenRequests = {
  ack: { payload: AckSchema, reply: z.object({ inSync: z.boolean() }) },
  heartbeat: { payload: HeartbeatSchema, reply: z.object({ at: z.number() }) },
  clock: { payload: ClockPingSchema, reply: ClockPongSchema },
  sync: { payload: SyncRequestSchema, reply: z.object({ state: WallStateSchema.nullable() }) },
  /** A media token for a camera the wall shows (or is about to), or a feeds token. */
  accessToken: { payload: AccessTokenRequestSchema, reply: AccessTokenSchema },
  /** One part of a screenshot the controller asked for (`screenshotRequest`); only then accepted. */
  screenshotPart: { payload: ScreenshotPartSchema, reply: z.object({ received: z.number().int() }) },
  /** The screen could not take the screenshot asked for. */
  screenshotFailed: { payload: ScreenshotFailedSchema, reply: z.object({}) },
} as const;

export const screenPushes = {
  state: WallStateSchema,
  welcome: ScreenWelcomeSchema,
  pairing: PairingInfoSchema,
  paired: PairedSchema,
  identify: IdentifyMessageSchema,
  unpaired: z.object({ reason: z.string() }),
  /** Health of a camera stream this screen's wall shows, relayed from the media gateway. */
  streamStatus: StreamStatusSchema,
  /** A technician asked for a screenshot: answer with `screenshotPart`s. */
  screenshotRequest: ScreenshotRequestSchema,
} as const;

export const consoleRequests = {
  applyLayout: { payload: ApplyLayoutSchema, reply: ApplyLayoutResultSchema },
  subscribeWall: { payload: z.object({ wallId: IdSchema }).strict(), reply: WallSyncSchema },
} as const;

export const consolePushes = {
  wallState: WallStateSchema,
  wallSync: WallSyncSchema,
  pendingScreens: z.array(PairingInfoSchema),
  /** Every camera stream's health change, relayed from the media gateway. */
  streamStatus: StreamStatusSchema,
  /** An escalation was created, acknowledged, closed or got its clip (every role may see them). */
  escalation: EscalationSchema,
  /** An alert was raised or cleared (`clearedAt` set); every role gets them (`GET /api/alerts` lists the active ones). */
  alert: AlertSchema,
} as const;

type RequestMap = Record<string, { payload: z.ZodType; reply: z.ZodType }>;
type PushMap = Record<string, z.ZodType>;

export type RequestEvents<M extends RequestMap> = {
  [K in keyof M]: (payload: z.input<M[K]['payload']>, cb: (res: Result<z.infer<M[K]['reply']>>) => void) => void;
};
export type PushEvents<M extends PushMap> = {
  [K in keyof M]: (payload: z.infer<M[K]>) => void;
};

export type ScreenClientToServer = RequestEvents<typeof screenRequests>;
export type ScreenServerToClient = PushEvents<typeof screenPushes>;
export type ConsoleClientToServer = RequestEvents<typeof consoleRequests>;
export type ConsoleServerToClient = PushEvents<typeof consolePushes>;

export type ScreenRequestName = keyof typeof screenRequests;
export type ScreenReply<K extends ScreenRequestName> = z.infer<(typeof screenRequests)[K]['reply']>;

/** The socket.io namespaces. */
export const NAMESPACES = { screen: '/screen', console: '/console' } as const;
