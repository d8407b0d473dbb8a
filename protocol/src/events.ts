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
import { WallSpecSchema, WallSyncSchema } from './wall';
import { ErrorCodeSchema } from './errors';

/**
 * Every socket.io event, as schemas. The typed event maps below derive from these, and both
 * ends parse with them: socket.io itself validates nothing.
 *
 * `request` events carry an acknowledgement callback that receives a `Result<reply>`.
 */
export const screenRequests = {
  ack: { payload: AckSchema.describe('The screen applied a wall state version (at `appliedAt`, with its clock offset).'), reply: z.object({ inSync: z.boolean() }) },
  heartbeat: { payload: HeartbeatSchema.describe('Every few seconds: fps, memory, applied version and the health of each video tile.'), reply: z.object({ at: z.number() }) },
  clock: { payload: ClockPingSchema.describe('NTP-style ping: the reply carries the controller\'s receive and send times.'), reply: ClockPongSchema },
  sync: { payload: SyncRequestSchema.describe('Resync after a reconnect: the state, if newer than the version the screen knows.'), reply: z.object({ state: WallStateSchema.nullable() }) },
  accessToken: {
    payload: AccessTokenRequestSchema.describe('A media token for a camera the wall shows (or is about to), or a feeds token.'),
    reply: AccessTokenSchema,
  },
  screenshotPart: {
    payload: ScreenshotPartSchema.describe('One part of a screenshot the controller asked for (`screenshotRequest`); only then accepted.'),
    reply: z.object({ received: z.number().int() }),
  },
  screenshotFailed: { payload: ScreenshotFailedSchema.describe('The screen could not take the screenshot asked for.'), reply: z.object({}) },
} as const;

export const screenPushes = {
  state: WallStateSchema.describe('A new wall state: prepare it, swap at `activateAt`, then `ack`.'),
  welcome: ScreenWelcomeSchema.describe('A paired screen is authenticated: where it sits, the wall, the gateway.'),
  pairing: PairingInfoSchema.describe('An unpaired screen\'s pairing code, to show large.'),
  paired: PairedSchema.describe('A technician placed this screen: its id, position and display token (store it).'),
  identify: IdentifyMessageSchema.describe('Flash the screen\'s position until `until`.'),
  unpaired: z.object({ reason: z.string() }).describe('The screen was unpaired: forget the token, show a pairing code again.'),
  streamStatus: StreamStatusSchema.describe('Health of a camera stream this screen\'s wall shows, relayed from the media gateway.'),
  screenshotRequest: ScreenshotRequestSchema.describe('A technician asked for a screenshot: answer with `screenshotPart`s.'),
  wall: WallSpecSchema.describe('This screen\'s wall changed (bezels, widget language): re-lay out the current state with it, no reconnect.'),
} as const;

export const consoleRequests = {
  applyLayout: { payload: ApplyLayoutSchema.describe('Switch a wall to a layout, as `POST /api/walls/:wallId/apply`.'), reply: ApplyLayoutResultSchema },
  subscribeWall: {
    payload: z.object({ wallId: IdSchema }).strict().describe('Get this wall\'s `wallState` and `wallSync` pushes from now on.'),
    reply: WallSyncSchema,
  },
} as const;

export const consolePushes = {
  wallState: WallStateSchema.describe('A subscribed wall\'s new state.'),
  wallSync: WallSyncSchema.describe('A subscribed wall\'s screens: online, acked version, in sync (at most every 100 ms).'),
  pendingScreens: z.array(PairingInfoSchema).describe('Screens waiting to be paired (admins and technicians).'),
  streamStatus: StreamStatusSchema.describe('Every camera stream\'s health change, relayed from the media gateway.'),
  escalation: EscalationSchema.describe('An escalation was created, acknowledged, closed or got its clip (every role may see them).'),
  alert: AlertSchema.describe('An alert was raised or cleared (`clearedAt` set); every role gets them (`GET /api/alerts` lists the active ones).'),
  wall: WallSpecSchema.describe('A wall\'s settings changed (`PATCH /api/walls/:wallId`: bezels, widget language).'),
  sessionEnded: z
    .object({ code: ErrorCodeSchema.extract(['SESSION_EXPIRED', 'UNAUTHENTICATED']), message: z.string() })
    .describe('The session expired or was ended (logout, user disabled or deleted, new password); the socket closes next.'),
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
