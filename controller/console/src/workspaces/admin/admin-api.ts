import { z } from 'zod';
import { AuditEntrySchema, AuditPageSchema, UserSchema, type AuditPage, type Role, type User } from '@ioc/protocol';
import { api } from '../../state/session';

/** Loose copies: the controller may add fields later, and the console must not break on them. */
const UserLoose = UserSchema.loose();
/** `GET /api/audit` answers a page; an older controller answered a bare array (no more pages). */
const AuditAnswer = z.union([
  AuditPageSchema.loose(),
  z.array(AuditEntrySchema).transform((entries): AuditPage => ({ entries, nextBefore: null })),
]);
const anything = z.unknown();
const user = (name: string) => `/api/users/${encodeURIComponent(name)}`;

export interface AuditQuery {
  user?: string | undefined;
  wallId?: string | undefined;
  /** An exact action, or a prefix ending in "." (`layout.` is every layout action). */
  action?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  before?: number | undefined;
  limit: number;
}

/** Users and the audit log: the admin workspaces' own endpoints. */
export const adminApi = {
  users: (): Promise<User[]> => api.request('GET', '/api/users', z.array(UserLoose)),
  createUser: (body: { username: string; password: string; roles: Role[] }): Promise<User> =>
    api.request('POST', '/api/users', UserLoose, body),
  updateUser: (username: string, patch: { roles?: Role[]; password?: string; disabled?: boolean }): Promise<User> =>
    api.request('PATCH', user(username), UserLoose, patch),
  deleteUser: async (username: string): Promise<void> => {
    await api.request('DELETE', user(username), anything);
  },
  audit: (q: AuditQuery): Promise<AuditPage> => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    return api.request('GET', `/api/audit?${params.toString()}`, AuditAnswer);
  },
};
