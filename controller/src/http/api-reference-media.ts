import { z } from 'zod';
import {
  AccessTokenSchema,
  AckEscalationBodySchema,
  AlertListQuerySchema,
  AlertListSchema,
  CameraCreateSchema,
  CameraPatchSchema,
  CameraSchema,
  CloseEscalationBodySchema,
  CreateEscalationBodySchema,
  EscalationListQuerySchema,
  EscalationSchema,
  InternalCameraSchema,
  OnvifDiscoverRequestSchema,
  OnvifDiscoverResultSchema,
  OnvifPresetListSchema,
  OnvifProbeRequestSchema,
  OnvifProbeResultSchema,
  PtzCommandSchema,
  StreamStatusListSchema,
  WebhookOutboxEntrySchema,
  WebhookOutboxQuerySchema,
} from '@ioc/protocol';
import type { ControllerRoute } from './api-reference';

const gateway = ['GATEWAY_NOT_CONFIGURED', 'UPSTREAM_FAILED'] as const;

/** Cameras, ONVIF, streams, escalations, webhooks, and the gateway's internal API. */
export const mediaRoutes: ControllerRoute[] = [
  { method: 'get', path: '/api/cameras', tag: 'Cameras', permission: 'cameras.read', summary: 'List cameras (never their credentials)', response: { schema: z.array(CameraSchema) } },
  { method: 'get', path: '/api/cameras/:id', tag: 'Cameras', permission: 'cameras.read', summary: 'One camera', response: { schema: CameraSchema }, errors: ['CAMERA_NOT_FOUND'] },
  {
    method: 'post', path: '/api/cameras', tag: 'Cameras', permission: 'cameras.write', summary: 'Register a camera',
    description: 'Credentials are write-only: given as fields or inside the RTSP URL (moved out of it), stored, never answered.',
    body: CameraCreateSchema, example: { id: 'api-doc-cam', name: 'API doc camera', mainUrl: 'rtsp://192.0.2.10/stream1' },
    response: { status: 201, schema: CameraSchema }, errors: ['ALREADY_EXISTS'],
  },
  {
    method: 'patch', path: '/api/cameras/:id', tag: 'Cameras', permission: 'cameras.write', summary: 'Change a camera; `null` clears an optional field',
    body: CameraPatchSchema, example: { name: 'Renamed camera' }, response: { schema: CameraSchema }, errors: ['CAMERA_NOT_FOUND'],
  },
  { method: 'delete', path: '/api/cameras/:id', tag: 'Cameras', permission: 'cameras.write', summary: 'Remove a camera', response: { status: 204, description: 'Removed' }, errors: ['CAMERA_NOT_FOUND'] },
  {
    method: 'post', path: '/api/cameras/:id/token', tag: 'Cameras', permission: 'media.token', summary: "A media token for the camera's streams at the gateway (console previews)",
    response: { schema: AccessTokenSchema }, errors: ['CAMERA_NOT_FOUND', 'GATEWAY_NOT_CONFIGURED'],
  },
  {
    method: 'post', path: '/api/cameras/onvif/probe', tag: 'ONVIF', permission: 'cameras.probe', summary: 'Probe an ONVIF device by address ("add by address")',
    body: OnvifProbeRequestSchema, example: { address: '192.0.2.10' }, response: { schema: OnvifProbeResultSchema }, errors: [...gateway],
  },
  {
    method: 'post', path: '/api/cameras/discover', tag: 'ONVIF', permission: 'cameras.discover', summary: 'WS-Discovery on the site network',
    body: OnvifDiscoverRequestSchema, bodyOptional: true, example: { timeoutMs: 1000 }, response: { schema: OnvifDiscoverResultSchema }, errors: [...gateway],
  },
  {
    method: 'post', path: '/api/cameras/:id/ptz', tag: 'ONVIF', permission: 'cameras.ptz', summary: 'Move, stop, or go to a preset (audited)',
    body: PtzCommandSchema, example: { action: 'stop' }, response: { schema: z.object({ ok: z.literal(true) }) }, errors: ['CAMERA_NOT_FOUND', ...gateway],
  },
  { method: 'get', path: '/api/cameras/:id/presets', tag: 'ONVIF', permission: 'cameras.ptz', summary: "The camera's PTZ presets", response: { schema: OnvifPresetListSchema }, errors: ['CAMERA_NOT_FOUND', 'VALIDATION_FAILED', ...gateway] },
  { method: 'get', path: '/api/streams/status', tag: 'Cameras', permission: 'streams.read', summary: "Every stream's health, as the gateway reported it", response: { schema: StreamStatusListSchema } },

  { method: 'get', path: '/api/escalations', tag: 'Escalations', permission: 'escalations.read', summary: 'List escalations', query: EscalationListQuerySchema, response: { schema: z.array(EscalationSchema) } },
  { method: 'get', path: '/api/escalations/:id', tag: 'Escalations', permission: 'escalations.read', summary: 'One escalation', response: { schema: EscalationSchema }, errors: ['ESCALATION_NOT_FOUND'] },
  {
    method: 'post', path: '/api/escalations', tag: 'Escalations', permission: 'escalations.write', summary: 'Escalate a camera to the command wall',
    body: CreateEscalationBodySchema, example: { cameraId: 'no-such-camera', reason: 'API doc example', priority: 2 },
    response: { status: 201, schema: EscalationSchema }, errors: ['CAMERA_NOT_FOUND', 'WALL_NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/escalations/:id/ack', tag: 'Escalations', permission: 'escalations.write', summary: 'Acknowledge (command room)',
    body: AckEscalationBodySchema, bodyOptional: true, example: {}, response: { schema: EscalationSchema }, errors: ['ESCALATION_NOT_FOUND', 'ESCALATION_STATE_CONFLICT'],
  },
  {
    method: 'post', path: '/api/escalations/:id/close', tag: 'Escalations', permission: 'escalations.write', summary: 'Close',
    body: CloseEscalationBodySchema, bodyOptional: true, example: { note: 'handled' }, response: { schema: EscalationSchema }, errors: ['ESCALATION_NOT_FOUND', 'ESCALATION_STATE_CONFLICT'],
  },
  {
    method: 'get', path: '/api/escalations/:id/clip', tag: 'Escalations', permission: 'escalations.clip', summary: 'The evidence clip (MP4, from 30 s before); one byte range allowed',
    response: { contentType: 'video/mp4', description: 'The clip, as an attachment (206 for a range)' }, errors: ['ESCALATION_NOT_FOUND', 'CLIP_NOT_READY', 'RECORDING_NOT_FOUND', 'RANGE_NOT_SATISFIABLE', ...gateway],
  },

  {
    method: 'get', path: '/api/webhooks/outbox', tag: 'Webhooks', permission: 'webhooks.read', summary: 'The webhook outbox (never a target URL or secret)',
    query: WebhookOutboxQuerySchema, response: { schema: z.array(WebhookOutboxEntrySchema) },
  },

  {
    method: 'get', path: '/api/alerts', tag: 'Alerts', permission: 'alerts.read', summary: 'Alerts: a screen or camera offline, a feed stale (active, or `state=all` with the recently cleared)',
    query: AlertListQuerySchema, response: { schema: AlertListSchema },
  },
  {
    method: 'get', path: '/metrics', tag: 'Service', auth: 'metricsToken', summary: 'Prometheus metrics (text format); 404 while metrics.token is unset',
    response: { contentType: 'text/plain; version=0.0.4' }, errors: ['NOT_FOUND', 'FORBIDDEN'],
  },

  {
    method: 'get', path: '/api/internal/cameras/:id', tag: 'Internal', auth: 'mediaSecret', summary: "A camera with its credentials: the media gateway's call only",
    response: { schema: InternalCameraSchema }, errors: ['CAMERA_NOT_FOUND', 'NOT_FOUND'],
  },
];
