import { AppError, can, PERMISSIONS, type Permission, type Role } from '@ioc/protocol';

/** The table lives in protocol, shared with the console; the controller adds the throwing check. */
export { can, PERMISSIONS, type Permission } from '@ioc/protocol';

export function requirePermission(actor: { username: string; roles: readonly Role[] }, permission: Permission): void {
  if (!can(actor.roles, permission)) {
    throw new AppError('FORBIDDEN', `${actor.username} may not ${permission} (needs one of: ${PERMISSIONS[permission].join(', ')})`);
  }
}
