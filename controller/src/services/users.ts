import { AppError, CreateUserSchema, parseOrThrow, PreferencesSchema, UpdateUserSchema, type Me, type User } from '@ioc/protocol';
import { hashPassword } from '../auth/passwords';
import type { Actor, ActiveSession, Sessions } from '../auth/sessions';
import type { Store } from '../db/store';
import { requirePermission } from '../permissions';

/**
 * Users as admins manage them, and each user's own preferences. A change that ends sessions
 * (disable, delete, new password) deletes them in the change's own transaction; their sockets
 * are dropped once it commits.
 */
export function createUserCommands(store: Store, sessions: Pick<Sessions, 'endSessionsOf' | 'announceEnded'>) {
  const userOr404 = (username: string) => {
    const u = store.users.get(username);
    if (!u) throw new AppError('USER_NOT_FOUND', `user "${username}" does not exist`);
    return u;
  };

  const me = (session: ActiveSession): Me => {
    const user = userOr404(session.actor.username);
    return { username: user.username, roles: user.roles, language: user.language, expiresAt: session.expiresAt };
  };

  return {
    async create(actor: Actor, body: unknown): Promise<User> {
      requirePermission(actor, 'users.write');
      const cmd = parseOrThrow(CreateUserSchema, body, 'user');
      const hash = await hashPassword(cmd.password);
      return store.tx(() => {
        if (store.users.get(cmd.username)) throw new AppError('ALREADY_EXISTS', `user "${cmd.username}" already exists`);
        store.users.insert(cmd.username, hash, cmd.roles);
        store.audit.write({ actor: actor.username, action: 'user.create', target: cmd.username, details: { roles: cmd.roles } });
        return store.users.getPublic(cmd.username) as User;
      });
    },

    async update(actor: Actor, username: string, body: unknown): Promise<User> {
      requirePermission(actor, 'users.write');
      const cmd = parseOrThrow(UpdateUserSchema, body, 'user update');
      userOr404(username);
      if (username === actor.username) {
        if (cmd.roles && !cmd.roles.includes('admin')) {
          throw new AppError('SELF_LOCKOUT', 'you cannot remove your own admin role: ask another admin', { field: 'roles' });
        }
        if (cmd.disabled === true) throw new AppError('SELF_LOCKOUT', 'you cannot disable yourself', { field: 'disabled' });
      }
      // Hashing is slow (scrypt): outside the transaction.
      const hash = cmd.password === undefined ? null : await hashPassword(cmd.password);
      const { user, ended } = store.tx(() => {
        const before = userOr404(username);
        if (cmd.roles) store.users.setRoles(username, cmd.roles);
        if (hash !== null) store.users.setPassword(username, hash);
        if (cmd.disabled !== undefined) store.users.setDisabled(username, cmd.disabled);
        // A new password or a disable ends every session of the user; a role change takes effect at
        // the next request anyway (roles are read per request).
        const ends = hash !== null || cmd.disabled === true;
        const endedHashes = ends ? sessions.endSessionsOf(username) : [];
        store.audit.write({
          actor: actor.username,
          action: 'user.update',
          target: username,
          details: {
            ...(cmd.roles ? { roles: cmd.roles, rolesBefore: before.roles } : {}),
            ...(hash !== null ? { passwordChanged: true } : {}),
            ...(cmd.disabled !== undefined ? { disabled: cmd.disabled } : {}),
            sessionsEnded: endedHashes.length,
          },
        });
        return { user: store.users.getPublic(username) as User, ended: endedHashes };
      });
      sessions.announceEnded(ended, hash !== null ? 'the password was changed' : 'the user was disabled');
      return user;
    },

    remove(actor: Actor, username: string): void {
      requirePermission(actor, 'users.write');
      if (username === actor.username) throw new AppError('SELF_LOCKOUT', 'you cannot delete yourself: ask another admin');
      const ended = store.tx(() => {
        const before = userOr404(username);
        const hashes = sessions.endSessionsOf(username);
        store.users.delete(username);
        store.audit.write({ actor: actor.username, action: 'user.delete', target: username, details: { roles: before.roles, sessionsEnded: hashes.length } });
        return hashes;
      });
      sessions.announceEnded(ended, 'the user was deleted');
    },

    me,

    /** The signed-in user's own preferences; not audited (they change nobody else's work). */
    setPreferences(session: ActiveSession, body: unknown): Me {
      requirePermission(session.actor, 'me.preferences');
      const prefs = parseOrThrow(PreferencesSchema, body, 'preferences');
      store.tx(() => store.users.setLanguage(session.actor.username, prefs.language));
      return me(session);
    },
  };
}
export type UserCommands = ReturnType<typeof createUserCommands>;
