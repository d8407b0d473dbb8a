import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createColumnHelper } from '@tanstack/react-table';
import { RoleSchema, type Role, type User } from '@ioc/protocol';
import { ErrorNote } from '../../components/ErrorNote';
import { SortableTable } from '../../components/SortableTable';
import { formatDateTime } from '../../i18n';
import { useSession } from '../../state/session';
import { adminApi } from './admin-api';
import './admin.css';

const ROLES: readonly Role[] = RoleSchema.options;
const MIN_PASSWORD = 10;

/** A user action's outcome, shown in place next to the control that caused it. */
type Outcome = { ok: string } | { error: unknown } | null;

function Outcome({ outcome, id }: { outcome: Outcome; id?: string }) {
  if (!outcome) return null;
  if ('error' in outcome) return <ErrorNote error={outcome.error} id={id} />;
  return (
    <p className="info-note" role="status" id={id}>
      {outcome.ok}
    </p>
  );
}

/** Role checkboxes: one per role, labelled in the user's language. */
function RolePicker({ value, onChange, idPrefix, legend }: { value: readonly Role[]; onChange: (roles: Role[]) => void; idPrefix: string; legend: string }) {
  const { t } = useTranslation('admin');
  return (
    <fieldset className="role-picker">
      <legend>{legend}</legend>
      {ROLES.map((r) => (
        <label key={r} className="check" htmlFor={`${idPrefix}-${r}`}>
          <input
            type="checkbox"
            id={`${idPrefix}-${r}`}
            value={r}
            data-role={r}
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? ROLES.filter((x) => x === r || value.includes(x)) : value.filter((x) => x !== r))}
          />{' '}
          {t(`common:roles.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Admins manage users: the list (a sortable table), a new user, and for one chosen user their
 * roles, a new password, disable or enable, and delete (confirmed). Every request leaves the rest
 * of the workspace usable; its outcome (or the server's error code) is shown next to its control.
 */
export default function UsersWorkspace() {
  const { t } = useTranslation('admin');
  const me = useSession((s) => s.user?.username ?? null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setUsers(await adminApi.users());
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  /** A user as the server now has it, after a change. */
  const replace = useCallback((u: User) => setUsers((list) => (list ?? []).map((x) => (x.username === u.username ? u : x))), []);
  const added = useCallback((u: User) => setUsers((list) => [...(list ?? []).filter((x) => x.username !== u.username), u]), []);
  const removed = useCallback((name: string) => {
    setUsers((list) => (list ?? []).filter((x) => x.username !== name));
    setSelected((s) => (s === name ? null : s));
  }, []);

  const col = useMemo(() => createColumnHelper<User>(), []);
  const columns = useMemo(
    () => [
      col.accessor('username', {
        header: () => t('users.columns.username'),
        cell: (c) => (
          <span className="user-cell">
            <strong>{c.getValue()}</strong>
            {c.getValue() === me ? <span className="hint"> {t('users.you')}</span> : null}
          </span>
        ),
      }),
      col.accessor((u) => u.roles.join(','), {
        id: 'roles',
        header: () => t('users.columns.roles'),
        cell: (c) =>
          c.row.original.roles.map((r) => (
            <span key={r} className="role" data-role={r}>
              {t(`common:roles.${r}`)}
            </span>
          )),
      }),
      col.accessor('language', {
        header: () => t('users.columns.language'),
        cell: (c) => t(`common:languages.${c.getValue()}`),
      }),
      col.accessor('disabled', {
        header: () => t('users.columns.status'),
        cell: (c) => (
          <span className={`user-status ${c.getValue() ? 'is-disabled' : 'is-active'}`} data-disabled={c.getValue()}>
            {t(c.getValue() ? 'users.status.disabled' : 'users.status.active')}
          </span>
        ),
      }),
      col.accessor('createdAt', {
        header: () => t('users.columns.created'),
        cell: (c) => formatDateTime(c.getValue()),
      }),
      col.display({
        id: 'manage',
        header: () => <span className="visually-hidden">{t('users.columns.manage')}</span>,
        cell: (c) => {
          const name = c.row.original.username;
          const open = selected === name;
          return (
            <button
              type="button"
              className="manage-user"
              aria-expanded={open}
              aria-controls="user-editor"
              aria-label={t('users.manageUser', { name })}
              onClick={() => setSelected(open ? null : name)}
            >
              {t('users.manage')}
            </button>
          );
        },
      }),
    ],
    // `t` changes with the language: the headers and cells follow it.
    [col, t, me, selected],
  );

  const chosen = users?.find((u) => u.username === selected) ?? null;

  return (
    <section className="workspace admin-workspace" data-workspace="admin" aria-labelledby="users-title">
      <div className="admin-head">
        <h1 id="users-title">{t('users.title')}</h1>
        <span className="hint" id="users-count">{users ? t('users.count', { count: users.length }) : ''}</span>
        <span className="spacer" />
        <button type="button" id="users-refresh" onClick={() => void load()} disabled={loading} aria-busy={loading}>
          {loading ? t('users.loading') : t('common:actions.refresh')}
        </button>
        <button type="button" id="user-new" className="primary" aria-expanded={creating} aria-controls="user-create" onClick={() => setCreating((c) => !c)}>
          {t('users.create.open')}
        </button>
      </div>
      <p className="hint">{t('users.intro')}</p>
      {creating ? <CreateUser onCreated={added} onClose={() => setCreating(false)} /> : null}
      <ErrorNote error={loadError} id="users-error" />
      <div className="admin-columns">
        <div className="panel admin-table-panel" aria-busy={loading}>
          {users === null && !loadError ? <p className="hint">{t('users.loading')}</p> : null}
          {users && users.length === 0 ? <p className="hint">{t('users.empty')}</p> : null}
          {users && users.length > 0 ? (
            <SortableTable
              id="users-table"
              className="admin-table users-table"
              data={users}
              columns={columns}
              rowId={(u) => u.username}
              caption={t('users.title')}
              initialSort={[{ id: 'username', desc: false }]}
              rowProps={(u) => ({ 'data-username': u.username, className: u.username === selected ? 'selected' : undefined })}
            />
          ) : null}
        </div>
        {chosen ? (
          <UserEditor key={chosen.username} user={chosen} isMe={chosen.username === me} onChanged={replace} onDeleted={removed} onClose={() => setSelected(null)} />
        ) : null}
      </div>
    </section>
  );
}

function CreateUser({ onCreated, onClose }: { onCreated: (u: User) => void; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const u = await adminApi.createUser({ username: username.trim(), password, roles });
      onCreated(u);
      setOutcome({ ok: t('users.create.done', { name: u.username }) });
      setUsername('');
      setPassword('');
      setRoles(['viewer']);
    } catch (err) {
      setOutcome({ error: err });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel admin-form" id="user-create" onSubmit={(e) => void submit(e)} aria-labelledby="user-create-title">
      <h2 id="user-create-title">{t('users.create.title')}</h2>
      <div className="form-row">
        <div>
          <label htmlFor="new-username">{t('users.create.username')}</label>
          <input id="new-username" required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby="new-username-hint" autoFocus />
          <p className="hint" id="new-username-hint">{t('users.create.usernameHint')}</p>
        </div>
        <div>
          <label htmlFor="new-password">{t('users.create.password')}</label>
          <input
            id="new-password"
            type="password"
            required
            minLength={MIN_PASSWORD}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="new-password-hint"
          />
          <p className="hint" id="new-password-hint">{t('users.passwordHint', { min: MIN_PASSWORD })}</p>
        </div>
      </div>
      <RolePicker value={roles} onChange={setRoles} idPrefix="new-role" legend={t('users.columns.roles')} />
      <Outcome outcome={outcome} id="user-create-outcome" />
      <div className="form-actions">
        <button type="submit" className="primary" id="user-create-submit" disabled={busy || roles.length === 0} aria-busy={busy}>
          {busy ? t('users.busy') : t('users.create.submit')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common:actions.close')}
        </button>
      </div>
    </form>
  );
}

/**
 * One user's roles, password, disabled flag and deletion. Each part has its own busy state and
 * outcome, so a slow password hash does not hold the role editor.
 */
function UserEditor({ user, isMe, onChanged, onDeleted, onClose }: { user: User; isMe: boolean; onChanged: (u: User) => void; onDeleted: (name: string) => void; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const name = user.username;
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [rolesBusy, setRolesBusy] = useState(false);
  const [rolesOutcome, setRolesOutcome] = useState<Outcome>(null);
  const [password, setPassword] = useState('');
  const [pwBusy, setPwBusy] = useState(false);
  const [pwOutcome, setPwOutcome] = useState<Outcome>(null);
  const [stateBusy, setStateBusy] = useState(false);
  const [stateOutcome, setStateOutcome] = useState<Outcome>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const rolesChanged = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));

  async function saveRoles(e: FormEvent): Promise<void> {
    e.preventDefault();
    setRolesBusy(true);
    setRolesOutcome(null);
    try {
      const u = await adminApi.updateUser(name, { roles });
      onChanged(u);
      setRoles(u.roles);
      setRolesOutcome({ ok: t('users.roles.done', { name }) });
    } catch (err) {
      setRolesOutcome({ error: err });
    } finally {
      setRolesBusy(false);
    }
  }

  async function resetPassword(e: FormEvent): Promise<void> {
    e.preventDefault();
    setPwBusy(true);
    setPwOutcome(null);
    try {
      onChanged(await adminApi.updateUser(name, { password }));
      setPassword('');
      setPwOutcome({ ok: t('users.password.done', { name }) });
    } catch (err) {
      setPwOutcome({ error: err });
    } finally {
      setPwBusy(false);
    }
  }

  async function setDisabled(disabled: boolean): Promise<void> {
    setStateBusy(true);
    setStateOutcome(null);
    try {
      onChanged(await adminApi.updateUser(name, { disabled }));
      setStateOutcome({ ok: t(disabled ? 'users.state.disabledDone' : 'users.state.enabledDone', { name }) });
    } catch (err) {
      setStateOutcome({ error: err });
    } finally {
      setStateBusy(false);
    }
  }

  async function remove(): Promise<void> {
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await adminApi.deleteUser(name);
      onDeleted(name);
    } catch (err) {
      setDeleteError(err);
      setDeleteBusy(false);
    }
  }

  return (
    <aside className="panel user-editor" id="user-editor" data-username={name} aria-labelledby="user-editor-title">
      <div className="admin-head">
        <h2 id="user-editor-title">{t('users.editor.title', { name })}</h2>
        <span className="spacer" />
        <button type="button" id="user-editor-close" onClick={onClose}>
          {t('common:actions.close')}
        </button>
      </div>
      {isMe ? <p className="hint">{t('users.editor.selfNote')}</p> : null}

      <form className="editor-part" id="user-roles-form" onSubmit={(e) => void saveRoles(e)}>
        <RolePicker value={roles} onChange={setRoles} idPrefix="edit-role" legend={t('users.roles.title')} />
        <Outcome outcome={rolesOutcome} id="user-roles-outcome" />
        <button type="submit" id="user-roles-save" disabled={rolesBusy || !rolesChanged || roles.length === 0} aria-busy={rolesBusy}>
          {rolesBusy ? t('users.busy') : t('users.roles.save')}
        </button>
      </form>

      <form className="editor-part" id="user-password-form" onSubmit={(e) => void resetPassword(e)}>
        <h3>{t('users.password.title')}</h3>
        <label htmlFor="reset-password">{t('users.password.new')}</label>
        <input
          id="reset-password"
          type="password"
          required
          minLength={MIN_PASSWORD}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby="reset-password-hint"
        />
        <p className="hint" id="reset-password-hint">{t('users.passwordHint', { min: MIN_PASSWORD })}</p>
        <Outcome outcome={pwOutcome} id="user-password-outcome" />
        <button type="submit" id="user-password-save" disabled={pwBusy} aria-busy={pwBusy}>
          {pwBusy ? t('users.busy') : t('users.password.submit')}
        </button>
      </form>

      <div className="editor-part">
        <h3>{t('users.state.title')}</h3>
        <p className="hint">{t(user.disabled ? 'users.state.isDisabled' : 'users.state.isActive')}</p>
        <Outcome outcome={stateOutcome} id="user-state-outcome" />
        {isMe ? null : (
          <button type="button" id="user-toggle-disabled" className={user.disabled ? undefined : 'danger'} disabled={stateBusy} aria-busy={stateBusy} onClick={() => void setDisabled(!user.disabled)}>
            {stateBusy ? t('users.busy') : t(user.disabled ? 'users.state.enable' : 'users.state.disable')}
          </button>
        )}
      </div>

      {isMe ? null : (
        <div className="editor-part">
          <h3>{t('users.delete.title')}</h3>
          {confirming ? (
            <div className="confirm" role="group" aria-labelledby="user-delete-question">
              <p id="user-delete-question">{t('users.delete.question', { name })}</p>
              <ErrorNote error={deleteError} id="user-delete-error" />
              <button type="button" id="user-delete-confirm" className="danger" disabled={deleteBusy} aria-busy={deleteBusy} onClick={() => void remove()} autoFocus>
                {deleteBusy ? t('users.busy') : t('users.delete.confirm')}
              </button>{' '}
              <button type="button" id="user-delete-cancel" onClick={() => setConfirming(false)}>
                {t('common:actions.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" id="user-delete" className="danger" onClick={() => setConfirming(true)}>
              {t('users.delete.open')}
            </button>
          )}
        </div>
      )}
    </aside>
  );
}
