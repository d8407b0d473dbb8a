import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LoginResult, Role } from '@ioc/protocol';
import { ApiRequestError, createApi, type SessionUser } from '../api';
import { setUiLanguage } from '../i18n';

const SESSION_KEY = 'ioc.console.session';

export interface SessionState {
  /** null while signed out. */
  token: string | null;
  user: SessionUser | null;
  expiresAt: number | null;
  /** Why the last session ended (an i18n key under `common:session`), shown on the sign-in page. */
  endedBecause: 'expired' | 'signedOut' | null;
}

export const sessionStore = createStore<SessionState>(() => ({ token: null, user: null, expiresAt: null, endedBecause: null }));
export const useSession = <T>(pick: (s: SessionState) => T): T => useStore(sessionStore, pick);

/**
 * The one API client. A 401 from any call ends the session: the sign-in page says it expired,
 * rather than each panel failing on its own.
 */
export const api = createApi({ getToken: () => sessionStore.getState().token });
const rawRequest = api.request;
api.request = (async (method, path, schema, body) => {
  try {
    return await rawRequest(method, path, schema, body);
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 401 && sessionStore.getState().token && !path.startsWith('/api/auth/')) {
      endSession('expired');
    }
    throw err;
  }
}) as typeof rawRequest;

export function roles(): readonly Role[] {
  return sessionStore.getState().user?.roles ?? [];
}

/**
 * Signs in with a login answer, then takes the user's stored preferences (`GET /api/me`: the
 * language chosen on any browser) before the console draws, so it opens in their language.
 */
export async function startSession(result: LoginResult): Promise<void> {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(result));
  // The token first (the console stays on the sign-in page while `user` is null), then the user.
  sessionStore.setState({ token: result.token, user: null, expiresAt: result.expiresAt, endedBecause: null });
  const me = await api.me().catch(() => null);
  if (sessionStore.getState().token !== result.token) return;
  if (me?.language) await setUiLanguage(me.language);
  sessionStore.setState({ user: { ...result.user, ...me }, expiresAt: me?.expiresAt ?? result.expiresAt });
}

export function endSession(because: 'expired' | 'signedOut'): void {
  sessionStorage.removeItem(SESSION_KEY);
  sessionStore.setState({ token: null, user: null, expiresAt: null, endedBecause: because });
}

/** A session kept across a reload of the tab, if the controller still accepts it. */
export async function resumeSession(): Promise<boolean> {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return false;
  try {
    const saved = JSON.parse(raw) as LoginResult;
    sessionStore.setState({ token: saved.token, user: saved.user, expiresAt: saved.expiresAt });
    const me = await api.me();
    if (me.language) await setUiLanguage(me.language);
    sessionStore.setState({ user: { ...saved.user, ...me }, expiresAt: me.expiresAt ?? saved.expiresAt });
    return true;
  } catch {
    if (sessionStore.getState().token) endSession('expired');
    return false;
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    endSession('signedOut');
  }
}
