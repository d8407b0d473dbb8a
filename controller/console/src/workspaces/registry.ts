import type { ComponentType } from 'react';
import OperatorWorkspace from './operator/OperatorWorkspace';
import DutyWorkspace from './duty/DutyWorkspace';
import TechnicianWorkspace from './technician/TechnicianWorkspace';
import WallsWorkspace from './walls/WallsWorkspace';
import UsersWorkspace from './admin/UsersWorkspace';
import AuditWorkspace from './admin/AuditWorkspace';
import type { Role } from '@ioc/protocol';
import { can, type Permission } from '../permissions';

export type WorkspaceId = 'walls' | 'operator' | 'duty' | 'technician' | 'admin' | 'audit';

export interface Workspace {
  id: WorkspaceId;
  /** Who sees the workspace at all: the same permission the controller checks for its commands. */
  permission: Permission;
  component: ComponentType;
}

/**
 * One workspace per job. A role sees only the workspaces it may use; inside them, controls it
 * may not use are absent (and the API refuses them anyway).
 */
export const WORKSPACES: readonly Workspace[] = [
  { id: 'operator', permission: 'layout.apply', component: OperatorWorkspace },
  { id: 'duty', permission: 'escalations.write', component: DutyWorkspace },
  { id: 'technician', permission: 'screen.pair', component: TechnicianWorkspace },
  { id: 'walls', permission: 'walls.read', component: WallsWorkspace },
  { id: 'admin', permission: 'users.write', component: UsersWorkspace },
  { id: 'audit', permission: 'audit.read', component: AuditWorkspace },
];

export function workspacesFor(roles: readonly Role[]): Workspace[] {
  return WORKSPACES.filter((w) => can(roles, w.permission));
}
