import { z } from 'zod';
import {
  ApplyLayoutResultSchema,
  ApplyLayoutSchema,
  AuditPageSchema,
  CreateUserSchema,
  MeSchema,
  PreferencesSchema,
  ReplaceScreenSchema,
  UpdateUserSchema,
  WallSettingsSchema,
  IdentifySchema,
  LayoutSchema,
  LoginResultSchema,
  LoginSchema,
  PairingInfoSchema,
  PairScreenSchema,
  SaveLayoutBodySchema,
  ScreenListItemSchema,
  ScreenSchema,
  ScreenshotInfoSchema,
  UserSchema,
  WallSpecSchema,
  WallStateSchema,
  WallSyncSchema,
} from '@ioc/protocol';
import type { ControllerRoute } from './api-reference';
import { AuditQuery } from './routes-admin';
import { ListQuery } from './routes-layouts';
import { HistoryQuery } from './routes-walls';
import { UndoCommandSchema } from '../services/apply-layout';

/** A wall command's body: the wall comes from the path, so it is not a body key. */
const wallCommand = <S extends z.ZodObject>(s: S) => z.object(s.shape).omit({ wallId: true }).strict();

const html = { contentType: 'text/html', description: 'An HTML page' };
const redirect = { status: 302, description: 'A redirect (Location header)' };

/** Service, auth, users, walls, layouts and screens; the docs and the web apps. */
export const coreRoutes: ControllerRoute[] = [
  { method: 'get', path: '/healthz', tag: 'Service', auth: 'public', summary: 'Liveness', response: { schema: z.object({ ok: z.literal(true), now: z.number() }) } },
  { method: 'get', path: '/api/time', tag: 'Service', auth: 'public', summary: "The controller's clock (epoch ms)", response: { schema: z.object({ now: z.number() }) } },
  { method: 'get', path: '/api/openapi.json', tag: 'Service', auth: 'public', summary: 'This document (OpenAPI 3.1)', response: { contentType: 'application/json' } },
  { method: 'get', path: '/api/events.json', tag: 'Service', auth: 'public', summary: 'The socket.io events, as JSON Schema', response: { contentType: 'application/json' } },
  { method: 'get', path: '/api/docs', tag: 'Service', auth: 'public', summary: 'This reference, as a page (Swagger UI)', response: html },
  { method: 'get', path: '/api/docs/init.js', tag: 'Service', auth: 'public', summary: "The reference page's start-up script", response: { contentType: 'text/javascript' } },

  {
    method: 'post', path: '/api/auth/login', tag: 'Auth', auth: 'public', summary: 'Log in',
    description: 'Answers a session token and sets it as an HttpOnly, SameSite=Strict cookie too. Repeated failures for a username from one address, or from one address at all, are refused with 429 RATE_LIMITED and `Retry-After`.',
    body: LoginSchema, example: { username: 'admin', password: 'a-password' }, response: { schema: LoginResultSchema }, errors: ['BAD_CREDENTIALS', 'RATE_LIMITED'],
  },
  { method: 'post', path: '/api/auth/logout', tag: 'Auth', summary: 'End this session', response: { schema: z.object({ ok: z.literal(true) }) } },
  {
    method: 'get', path: '/api/me', tag: 'Auth', summary: 'Who this session is, their language, and when the session ends',
    description: 'An expired session answers 401 SESSION_EXPIRED here and on every other route; its console sockets get `sessionEnded` and are closed.',
    response: { schema: MeSchema },
  },
  {
    method: 'put', path: '/api/me/preferences', tag: 'Auth', permission: 'me.preferences', summary: "Set the signed-in user's own preferences (language)",
    body: PreferencesSchema, example: { language: 'vi' }, response: { schema: MeSchema },
  },
  { method: 'get', path: '/api/users', tag: 'Users', permission: 'users.read', summary: 'List users', response: { schema: z.array(UserSchema) } },
  {
    method: 'post', path: '/api/users', tag: 'Users', permission: 'users.write', summary: 'Create a user',
    body: CreateUserSchema, example: { username: 'api-doc-user', password: 'ten-chars-or-more', roles: ['viewer'] },
    response: { status: 201, schema: UserSchema }, errors: ['ALREADY_EXISTS'],
  },
  {
    method: 'patch', path: '/api/users/:username', tag: 'Users', permission: 'users.write', summary: "Change a user's roles, password or disabled flag",
    description: 'A new password or disabling the user ends every session of theirs (their console sockets close). An admin cannot remove their own admin role or disable themselves (409 SELF_LOCKOUT).',
    body: UpdateUserSchema, example: { roles: ['viewer'] }, response: { schema: UserSchema }, errors: ['USER_NOT_FOUND', 'SELF_LOCKOUT'],
  },
  {
    method: 'delete', path: '/api/users/:username', tag: 'Users', permission: 'users.write', summary: 'Delete a user (their sessions end)',
    description: 'An admin cannot delete themselves (409 SELF_LOCKOUT). The audit keeps naming the user.',
    response: { status: 204, description: 'Deleted' }, errors: ['USER_NOT_FOUND', 'SELF_LOCKOUT'],
  },
  {
    method: 'get', path: '/api/audit', tag: 'Users', permission: 'audit.read', summary: 'The audit log, newest first, filtered and paged',
    description: '`user`, `action` (exact, or a prefix ending in "." such as `layout.`), `wallId` (rows whose target is the wall or whose details name it), `from`/`to` (epoch ms, inclusive). Pass `nextBefore` as `before` for the next page; it is null on the last.',
    query: AuditQuery, response: { schema: AuditPageSchema },
  },

  { method: 'get', path: '/api/walls', tag: 'Walls', permission: 'walls.read', summary: 'List walls', response: { schema: z.array(WallSpecSchema) } },
  { method: 'get', path: '/api/walls/:wallId', tag: 'Walls', permission: 'walls.read', summary: 'One wall', response: { schema: WallSpecSchema }, errors: ['WALL_NOT_FOUND'] },
  { method: 'get', path: '/api/walls/:wallId/state', tag: 'Walls', permission: 'state.read', summary: "The wall's current state", response: { schema: WallStateSchema }, errors: ['WALL_NOT_FOUND'] },
  {
    method: 'get', path: '/api/walls/:wallId/history', tag: 'Walls', permission: 'state.read', summary: "The wall's past states, newest first",
    query: HistoryQuery, response: { schema: z.array(WallStateSchema) }, errors: ['WALL_NOT_FOUND'],
  },
  { method: 'get', path: '/api/walls/:wallId/sync', tag: 'Walls', permission: 'sync.read', summary: 'Which screens are online and in sync', response: { schema: WallSyncSchema }, errors: ['WALL_NOT_FOUND'] },
  {
    method: 'patch', path: '/api/walls/:wallId', tag: 'Walls', permission: 'walls.language', summary: "Change a wall's bezels or widget language, live",
    description: "`bezel` needs `walls.settings` (admin, technician); `widgetLanguage` needs `walls.language`. Kept over the built-in spec across restarts, and pushed at once to the wall's screens (`wall`) and consoles (`wall`): the screens re-lay out what they draw, the calibration pattern moves. Cheap enough for a dragged slider; an unchanged value writes nothing.",
    body: WallSettingsSchema, example: { widgetLanguage: 'vi' }, response: { schema: WallSpecSchema }, errors: ['WALL_NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/walls/:wallId/undo', tag: 'Walls', permission: 'layout.undo', summary: 'Undo the last switch: the previous version again, as a new version',
    description: 'The version before the current one is applied again through the same switch as apply (screens swap at `activateAt`; open escalations stay on top). `ifVersion` is the version being undone: a wall changed meanwhile answers 409 VERSION_CONFLICT. With `wall.calibrate` only (technicians), only the calibration pattern may be taken down.',
    body: wallCommand(UndoCommandSchema), example: { ifVersion: 1 }, response: { schema: ApplyLayoutResultSchema },
    errors: ['WALL_NOT_FOUND', 'VERSION_CONFLICT', 'NOTHING_TO_UNDO', 'LAYOUT_INVALID', 'UNKNOWN_SOURCE'],
  },
  {
    method: 'post', path: '/api/walls/:wallId/apply', tag: 'Walls', permission: 'layout.apply', summary: 'Switch the wall to a layout',
    description: 'Give exactly one of `layoutId` (a saved layout or preset) or `tiles`. Every screen swaps at `activateAt`. With `wall.calibrate` only (technicians), only a layout of test-pattern tiles (the calibration pattern) is accepted.',
    body: wallCommand(ApplyLayoutSchema), example: { layoutId: 'cmd-quad' }, response: { schema: ApplyLayoutResultSchema },
    errors: ['WALL_NOT_FOUND', 'LAYOUT_NOT_FOUND', 'LAYOUT_INVALID', 'UNKNOWN_SOURCE', 'VERSION_CONFLICT'],
  },
  {
    method: 'post', path: '/api/walls/:wallId/layouts', tag: 'Layouts', permission: 'layout.save', summary: 'Save a layout for the wall',
    body: SaveLayoutBodySchema, example: { name: 'API doc example', tiles: [] }, response: { status: 201, schema: LayoutSchema },
    errors: ['WALL_NOT_FOUND', 'LAYOUT_INVALID', 'UNKNOWN_SOURCE', 'ALREADY_EXISTS'],
  },
  {
    method: 'post', path: '/api/walls/:wallId/identify', tag: 'Screens', permission: 'screen.identify', summary: "Flash every screen's position",
    body: wallCommand(IdentifySchema), bodyOptional: true, example: { durationMs: 1000 },
    response: { schema: z.object({ wallId: z.string(), until: z.number() }) }, errors: ['WALL_NOT_FOUND'],
  },

  { method: 'get', path: '/api/layouts', tag: 'Layouts', permission: 'layouts.read', summary: 'List layouts and presets', query: ListQuery, response: { schema: z.array(LayoutSchema) }, errors: ['WALL_NOT_FOUND'] },
  { method: 'get', path: '/api/layouts/:id', tag: 'Layouts', permission: 'layouts.read', summary: 'One layout', response: { schema: LayoutSchema }, errors: ['LAYOUT_NOT_FOUND'] },
  { method: 'delete', path: '/api/layouts/:id', tag: 'Layouts', permission: 'layout.delete', summary: 'Delete a saved layout (not a built-in preset)', response: { status: 204, description: 'Deleted' }, errors: ['LAYOUT_NOT_FOUND'] },

  { method: 'get', path: '/api/screens', tag: 'Screens', permission: 'screens.read', summary: 'List paired screens, online or not, with the health each reports', response: { schema: z.array(ScreenListItemSchema) } },
  { method: 'get', path: '/api/screens/pending', tag: 'Screens', permission: 'screens.pending', summary: 'Screens waiting to be paired', response: { schema: z.array(PairingInfoSchema) } },
  {
    method: 'post', path: '/api/screens/pair', tag: 'Screens', permission: 'screen.pair', summary: 'Place a pending screen on a wall',
    body: PairScreenSchema, example: { code: 'ABC123', wallId: 'command', col: 0, row: 0 }, response: { status: 201, schema: ScreenSchema },
    errors: ['PAIRING_CODE_NOT_FOUND', 'WALL_NOT_FOUND', 'SCREEN_POSITION_TAKEN'],
  },
  {
    method: 'post', path: '/api/screens/:id/screenshot', tag: 'Screens', permission: 'screens.screenshot', summary: 'Ask a screen for a screenshot, and wait for it',
    description: 'The screen draws its canvas to a PNG (1 MB at most); the controller keeps the last few per screen.',
    response: { status: 201, schema: ScreenshotInfoSchema }, errors: ['SCREEN_NOT_FOUND', 'SCREEN_OFFLINE', 'SCREENSHOT_TIMEOUT', 'SCREENSHOT_FAILED'],
  },
  { method: 'get', path: '/api/screens/:id/screenshots', tag: 'Screens', permission: 'screens.screenshot', summary: "The screen's kept screenshots, newest last", response: { schema: z.array(ScreenshotInfoSchema) }, errors: ['SCREEN_NOT_FOUND'] },
  {
    method: 'get', path: '/api/screens/:id/screenshots/:n', tag: 'Screens', permission: 'screens.screenshot', summary: 'One kept screenshot (PNG)',
    response: { contentType: 'image/png', description: 'The PNG' }, errors: ['SCREEN_NOT_FOUND', 'VALIDATION_FAILED', 'NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/screens/:id/replace', tag: 'Screens', permission: 'screen.replace', summary: "Replace a broken screen: the pending screen showing `code` takes its position",
    description: 'In one transaction the old screen is unpaired (its display tokens stop working; it is told `unpaired`) and the new device is paired at the same wall, column and row under the same screen id (it gets `paired`, then draws its slice).',
    body: ReplaceScreenSchema, example: { code: 'ABC123' }, response: { schema: ScreenSchema }, errors: ['SCREEN_NOT_FOUND', 'PAIRING_CODE_NOT_FOUND'],
  },
  { method: 'delete', path: '/api/screens/:id', tag: 'Screens', permission: 'screen.unpair', summary: 'Unpair a screen (its token stops working)', response: { status: 204, description: 'Unpaired' }, errors: ['SCREEN_NOT_FOUND'] },

  { method: 'get', path: '/', tag: 'Apps', auth: 'public', summary: 'Redirects to the console', response: redirect },
  { method: 'get', path: '/console', tag: 'Apps', auth: 'public', summary: 'Redirects to /console/', response: redirect },
  { method: 'get', path: '/console/', tag: 'Apps', auth: 'public', summary: 'The operator console', response: html },
  { method: 'get', path: '/console/*rest', tag: 'Apps', auth: 'public', summary: "The console's pages (single-page app)", response: html },
  { method: 'get', path: '/wall', tag: 'Apps', auth: 'public', summary: 'Redirects to /wall/', response: redirect },
  { method: 'get', path: '/wall/', tag: 'Apps', auth: 'public', summary: 'The wall renderer, for a browser screen', response: html },
];
