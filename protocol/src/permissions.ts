import type { Role } from './common';

const ALL: readonly Role[] = ['admin', 'operator', 'duty-officer', 'technician', 'viewer'];

/**
 * Who may do what: the one table the controller checks on every command and the console reads
 * to leave out the controls a role may not use. Add a row per new command rather than testing
 * roles inline.
 */
export const PERMISSIONS = {
  'walls.read': ALL,
  'layouts.read': ALL,
  'state.read': ALL,
  'sync.read': ALL,
  'screens.read': ALL,
  'layout.apply': ['admin', 'operator'],
  // Undo re-applies the previous version: the same people who switch layouts.
  'layout.undo': ['admin', 'operator'],
  // The calibration pattern only (a layout of test-pattern tiles), and its undo while it is up:
  // technicians check bezels against it; any other layout stays the operators'.
  'wall.calibrate': ['admin', 'operator', 'technician'],
  'layout.save': ['admin', 'operator'],
  'layout.delete': ['admin', 'operator'],
  'screens.pending': ['admin', 'technician'],
  'screen.pair': ['admin', 'technician'],
  'screen.unpair': ['admin', 'technician'],
  // Moving a broken screen's position to a new device: the people who install and fix screens.
  'screen.replace': ['admin', 'technician'],
  'screen.identify': ['admin', 'technician'],
  // What a screen shows may be a camera picture: the people who install and fix screens only.
  'screens.screenshot': ['admin', 'technician'],
  // A wall's bezels (calibration) and its widgets' language. Operators may set the language
  // (the room's audience changes with the shift); bezels are checked against the pattern.
  'walls.settings': ['admin', 'technician'],
  'walls.language': ['admin', 'operator', 'technician'],
  'users.read': ['admin'],
  'users.write': ['admin'],
  // Everyone keeps their own preferences (language).
  'me.preferences': ALL,
  'audit.read': ['admin'],
  'cameras.read': ALL,
  'cameras.write': ['admin', 'technician'],
  // ONVIF "add by address" and WS-Discovery (multicast on the site network): installers' tools.
  'cameras.probe': ['admin', 'technician'],
  'cameras.discover': ['admin', 'technician'],
  // Moving a camera is an operational act, audited per command.
  'cameras.ptz': ['admin', 'duty-officer'],
  // Console preview/thumbnails: anyone who may see the walls may see a camera.
  'media.token': ALL,
  'streams.read': ALL,
  // Escalation: every role sees the open escalations; duty officers escalate, acknowledge and close.
  'escalations.read': ALL,
  'escalations.write': ['admin', 'duty-officer'],
  // The evidence clip: whoever may see escalations may download it.
  'escalations.clip': ALL,
  // The webhook outbox shows receivers' ids and error texts: ops only.
  'webhooks.read': ['admin'],
  // Alerts (a screen or camera offline, a feed stale) go to every console: anyone may need to act.
  'alerts.read': ALL,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}

/** The roles that hold `permission`, for messages ("needs one of: …"). */
export function rolesFor(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission];
}
