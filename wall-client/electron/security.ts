import { APP_ORIGIN, APP_SCHEME } from './ipc-channels';
import type { KioskAppLike, KioskLog, KioskSession, KioskWebContents } from './electron-surface';

/**
 * Navigation, window.open, permission and CSP policy (Electron security checklist items
 * 4, 5, 7, 13, 14, 15). Everything is denied unless this file says otherwise.
 */

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Non-special schemes report origin "null"; ours is a registered standard scheme.
    if (parsed.protocol === `${APP_SCHEME}:`) return `${APP_SCHEME}://${parsed.host}`;
    return parsed.origin;
  } catch {
    return null;
  }
}

/** A top-level navigation may only stay in the app or go to the controller's origin. */
export function isAllowedNavigation(url: string, controllerOrigin: string | undefined): boolean {
  const origin = originOf(url);
  if (origin === null || origin === 'null') return false;
  return origin === APP_ORIGIN || (controllerOrigin !== undefined && origin === controllerOrigin);
}

export function controllerOriginOf(controllerUrl: string | undefined): string | undefined {
  return controllerUrl === undefined ? undefined : (originOf(controllerUrl) ?? undefined);
}

export function guardWebContents(
  contents: KioskWebContents,
  controllerOrigin: () => string | undefined,
  log: KioskLog,
): void {
  const guard = (kind: string) => (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url, controllerOrigin())) return;
    event.preventDefault();
    log.warn('blocked navigation', { kind, url });
  };
  contents.on('will-navigate', guard('will-navigate'));
  contents.on('will-redirect', guard('will-redirect'));
  // A wall never opens windows, not even to the controller: a popup would sit over the room.
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('blocked window.open', { url, controllerOrigin: isAllowedNavigation(url, controllerOrigin()) });
    return { action: 'deny' };
  });
}

/** No <webview> may ever attach, whatever created it. */
export function guardWebviews(app: KioskAppLike, log: KioskLog): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('blocked webview');
    });
  });
}

export interface CspOptions {
  controllerOrigin: string | undefined;
  allowedOrigins: readonly string[];
  /**
   * false (default): data may come from any http(s)/ws(s) host, because operators put web
   * pages, images and gateway streams from hosts the kiosk cannot know on the wall. true: only
   * the controller and allowedOrigins. Code is locked to the bundle either way.
   */
  restrictRemoteOrigins: boolean;
}

function wsOriginOf(origin: string): string {
  return origin.replace(/^http/, 'ws');
}

/**
 * The kiosk's CSP. What runs is strict in every mode: scripts only from the bundle (no inline,
 * no eval; pixi is imported with 'pixi.js/unsafe-eval' for this), no plugins, no <base>, no
 * forms, never framed. What is shown is as open as `restrictRemoteOrigins` says.
 */
export function contentSecurityPolicy(options: CspOptions): string {
  const remotes = [options.controllerOrigin, ...options.allowedOrigins]
    .filter((o): o is string => o !== undefined)
    .map((o) => controllerOriginOf(o) ?? o);
  const listed = [...new Set(remotes)];
  const http = options.restrictRemoteOrigins ? listed : ['http:', 'https:'];
  const sockets = options.restrictRemoteOrigins ? listed.map(wsOriginOf) : ['ws:', 'wss:'];
  const list = (...items: string[]) => items.join(' ');
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src ${list("'self'", 'data:', 'blob:', ...http)}`,
    `media-src ${list("'self'", 'blob:', ...http)}`,
    // blob:/data: are local (pixi fetches textures from them), never a way out.
    `connect-src ${list("'self'", 'blob:', 'data:', ...http, ...sockets)}`,
    `font-src 'self' data:`,
    `worker-src 'self' blob:`,
    `frame-src ${http.length > 0 ? list(...http) : "'none'"}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

export function hardenSession(session: KioskSession, csp: () => string, log: KioskLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('denied permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  // The app:// handler already sends this CSP with every response; this second layer also
  // covers anything served on the scheme some other way. Should this Electron refuse the URL
  // pattern for a custom scheme, the first layer still holds, so start-up goes on.
  try {
    session.webRequest.onHeadersReceived({ urls: [`${APP_SCHEME}://*/*`] }, (details, callback) => {
      const headers = Object.fromEntries(
        Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
      );
      callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp()] } });
    });
  } catch (err) {
    log.warn('CSP header hook not installed; relying on the app:// handler', { error: String(err) });
  }
}
