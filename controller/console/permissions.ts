import type { Role } from '@ioc/protocol';

/**
 * Which roles may press which button. The controller enforces the same rules; the console only
 * disables what would be refused, and says why.
 */
export const PERMISSIONS = {
  apply: ['admin', 'operator'],
  saveLayout: ['admin', 'operator'],
  deleteLayout: ['admin', 'operator'],
  pair: ['admin', 'technician'],
  unpair: ['admin', 'technician'],
  identify: ['admin', 'technician'],
  audit: ['admin'],
  editCameras: ['admin', 'technician'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[], action: Action): boolean {
  const allowed: readonly Role[] = PERMISSIONS[action];
  return roles.some((r) => allowed.includes(r));
}

export function deniedReason(action: Action): string {
  return `Needs the ${PERMISSIONS[action].join(' or ')} role`;
}
