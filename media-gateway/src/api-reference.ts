import { z } from 'zod';
import {
  feedPushes,
  feedRequests,
  FEEDS_NAMESPACE,
  FeedsHandshakeSchema,
  IdSchema,
  OnvifDiscoverRequestSchema,
  OnvifDiscoverResultSchema,
  OnvifPresetListSchema,
  OnvifProbeRequestSchema,
  OnvifProbeResultSchema,
  openApiDocument,
  PROTOCOL_VERSION,
  PtzCommandSchema,
  RecordingSchema,
  socketEventSchemas,
  socketEventsDocument,
  socketEventsMarkdown,
  StartRecordingBodySchema,
  StreamListSchema,
  type ApiRoute,
  type SocketEventsDocument,
} from '@ioc/protocol';

type GatewayRoute = Omit<ApiRoute, 'auth'> & { auth?: 'public' | 'mediaSecret' | 'feedToken' | 'metricsToken' };

/** The gateway's PTZ body is flat: the camera id beside the command (see parseGatewayPtzRequest). */
const GatewayPtzSchema = z.discriminatedUnion(
  'action',
  PtzCommandSchema.options.map((o) => o.extend({ cameraId: IdSchema })) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
/** Stream routes carry a media token in the path (no header): it travels inside playlist URLs. */
const inPath = { auth: 'public' } as const;
const tokenErrors = ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'CAMERA_NOT_FOUND', 'STREAM_NOT_FOUND'] as const;
const onvifErrors = ['CAMERA_NOT_FOUND', 'UPSTREAM_FAILED'] as const;
const ok = z.object({ ok: z.literal(true) });

const routes: GatewayRoute[] = [
  { method: 'get', path: '/healthz', tag: 'Service', auth: 'public', summary: 'Liveness, with the ffmpeg in use', response: { contentType: 'application/json' } },
  { method: 'get', path: '/api/openapi.json', tag: 'Service', auth: 'public', summary: 'This document (OpenAPI 3.1)', response: { contentType: 'application/json' } },
  { method: 'get', path: '/api/events.json', tag: 'Service', auth: 'public', summary: 'The `/feeds` socket.io events, as JSON Schema', response: { contentType: 'application/json' } },
  { method: 'get', path: '/api/docs', tag: 'Service', auth: 'public', summary: 'This reference, as a page (Swagger UI)', response: { contentType: 'text/html' } },
  { method: 'get', path: '/api/docs/init.js', tag: 'Service', auth: 'public', summary: "The reference page's start-up script", response: { contentType: 'text/javascript' } },
  { method: 'get', path: '/metrics', tag: 'Service', auth: 'metricsToken', summary: 'Prometheus metrics (text format); 404 while metrics.token is unset', response: { contentType: 'text/plain' }, errors: ['NOT_FOUND'] },

  {
    method: 'get', path: '/hls/:token/:cameraId/:profile/:file', tag: 'Streams', ...inPath, summary: 'HLS playlist (`index.m3u8`) and fMP4 segments',
    description: 'The media token sits in the path, so the relative segment URLs in the playlist carry it too. A cold stream holds the first playlist request until it is live; `?wait=0` (a down player\'s probe) is answered at once, 502 `UPSTREAM_FAILED` while the stream is not live.',
    response: { contentType: 'application/vnd.apple.mpegurl' }, errors: [...tokenErrors, 'UPSTREAM_FAILED', 'NOT_FOUND'],
  },
  {
    method: 'get', path: '/snapshot/:token/:file', tag: 'Streams', ...inPath, summary: 'A JPEG of the camera (`<cameraId>.jpg`), cached for a second',
    response: { contentType: 'image/jpeg' }, errors: [...tokenErrors, 'UPSTREAM_FAILED'],
  },
  {
    method: 'post', path: '/whep/:token/:cameraId/:profile', tag: 'Streams', ...inPath, summary: 'WHEP: an SDP offer in, the SDP answer out (201, Location: the session); with webrtc.enabled',
    description: 'The body is an SDP offer (`Content-Type: application/sdp`, recvonly H.264). No trickle ICE: the answer has every candidate.',
    response: { status: 201, contentType: 'application/sdp' }, errors: [...tokenErrors, 'RATE_LIMITED'],
  },
  { method: 'delete', path: '/whep/:token/:cameraId/:profile/:sessionId', tag: 'Streams', ...inPath, summary: 'End a WHEP session (works after the token expired)', errors: ['NOT_FOUND'] },

  { method: 'get', path: '/api/streams', tag: 'Controller', auth: 'mediaSecret', summary: 'Every stream and feed, with its health', response: { schema: StreamListSchema } },
  { method: 'get', path: '/api/streams/events', tag: 'Controller', auth: 'mediaSecret', summary: 'Server-sent events: `snapshot`, then `status` and `feedStatus` changes', response: { contentType: 'text/event-stream' } },
  { method: 'get', path: '/api/webrtc', tag: 'Controller', auth: 'mediaSecret', summary: 'WebRTC peers: `{peers, connected, byStream, settingUp, portsInUse}`', response: { contentType: 'application/json' } },
  {
    method: 'put', path: '/api/recordings/:id', tag: 'Recordings', auth: 'mediaSecret', summary: "Record escalation `id`'s camera, from the pre-roll before now",
    body: StartRecordingBodySchema, example: { cameraId: 'no-such-camera' }, response: { status: 201, schema: RecordingSchema }, errors: ['CAMERA_NOT_FOUND', 'ALREADY_EXISTS'],
  },
  { method: 'post', path: '/api/recordings/:id/stop', tag: 'Recordings', auth: 'mediaSecret', summary: 'Stop and finalize', response: { schema: RecordingSchema }, errors: ['RECORDING_NOT_FOUND'] },
  { method: 'get', path: '/api/recordings/:id', tag: 'Recordings', auth: 'mediaSecret', summary: 'The record', response: { schema: RecordingSchema }, errors: ['RECORDING_NOT_FOUND'] },
  { method: 'get', path: '/api/recordings/:id/clip', tag: 'Recordings', auth: 'mediaSecret', summary: 'The clip (MP4; one byte range allowed)', response: { contentType: 'video/mp4' }, errors: ['RECORDING_NOT_FOUND', 'CLIP_NOT_READY', 'NOT_FOUND', 'RANGE_NOT_SATISFIABLE'] },
  {
    method: 'post', path: '/api/onvif/probe', tag: 'ONVIF', auth: 'mediaSecret', summary: 'Probe an ONVIF device',
    body: OnvifProbeRequestSchema, example: { address: '192.0.2.10', timeoutMs: 500 }, response: { schema: OnvifProbeResultSchema }, errors: ['UPSTREAM_FAILED'],
  },
  {
    method: 'post', path: '/api/onvif/ptz', tag: 'ONVIF', auth: 'mediaSecret', summary: 'A PTZ command for a registered camera',
    body: GatewayPtzSchema, example: { cameraId: 'no-such-camera', action: 'stop' }, response: { schema: ok }, errors: [...onvifErrors],
  },
  { method: 'get', path: '/api/onvif/presets/:cameraId', tag: 'ONVIF', auth: 'mediaSecret', summary: "A camera's PTZ presets", response: { schema: OnvifPresetListSchema }, errors: [...onvifErrors, 'VALIDATION_FAILED'] },
  {
    method: 'post', path: '/api/onvif/discover', tag: 'ONVIF', auth: 'mediaSecret', summary: 'WS-Discovery on the LAN',
    body: OnvifDiscoverRequestSchema, bodyOptional: true, example: { timeoutMs: 1000 }, response: { schema: OnvifDiscoverResultSchema },
  },
  {
    method: 'post', path: '/feeds/:feedId/webhook', tag: 'Feeds', auth: 'feedToken', summary: "Push a webhook feed's value (202)",
    description: "The body is the feed kind's value, or any JSON the feed's `mapping` turns into one.",
    response: { status: 202, schema: z.object({ ok: z.literal(true), data: z.object({ asOf: z.number() }) }) }, errors: ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'],
  },
];

export function gatewayRoutes(): ApiRoute[] {
  return routes.map((r) => ({ ...r, auth: r.auth ?? 'mediaSecret' }));
}

export function gatewaySocketEvents(): SocketEventsDocument {
  return socketEventsDocument('IOC media gateway: socket events', PROTOCOL_VERSION, {
    [FEEDS_NAMESPACE]: { description: 'Widget feeds, with a feeds token from the controller.', handshake: FeedsHandshakeSchema, requests: feedRequests, pushes: feedPushes },
  });
}

export function gatewayOpenApi(): Record<string, unknown> {
  const events = gatewaySocketEvents();
  const bearer = (description: string) => ({ type: 'http', scheme: 'bearer', description });
  return openApiDocument({
    title: 'IOC media gateway',
    version: String(PROTOCOL_VERSION),
    description: `Cameras to HLS, WebRTC and snapshots; evidence recordings; ONVIF; widget feeds. Generated from the zod schemas the routes parse with.\n\n${socketEventsMarkdown(events, '/api/events.json')}`,
    routes: gatewayRoutes(),
    securitySchemes: {
      mediaSecret: bearer('The shared media secret (`media.secret`): the controller only.'),
      feedToken: bearer("The webhook feed's own token (`feeds[].adapter.token`)."),
      metricsToken: bearer('The metrics token (`metrics.token`): the Prometheus scraper.'),
    },
    schemas: socketEventSchemas(events),
    extensions: { 'x-socket-events': events },
  });
}
