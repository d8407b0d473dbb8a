import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, guardWebContents, guardWebviews, hardenSession, isAllowedNavigation } from './security';
import { FakeApp, FakeSession, FakeWebContents, MemoryLog } from './testing/fake-electron';
import { buildWebPreferences } from './web-preferences';

const CONTROLLER = 'https://ioc-controller.city.lan:8443';

describe('webPreferences', () => {
  it('is exactly the security checklist set', () => {
    expect(buildWebPreferences('/app/preload.cjs')).toStrictEqual({
      nodeIntegration: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/preload.cjs',
    });
  });
});

describe('navigation', () => {
  it('allows only the app and the controller origin', () => {
    expect(isAllowedNavigation('app://wall/index.html?x=1', CONTROLLER)).toBe(true);
    expect(isAllowedNavigation(`${CONTROLLER}/wall`, CONTROLLER)).toBe(true);
    for (const url of [
      'https://ioc-controller.city.lan/wall', // same host, other port
      'http://ioc-controller.city.lan:8443/', // other scheme
      'https://evil.example/',
      'app://other/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,hi',
      'not a url',
    ]) {
      expect(isAllowedNavigation(url, CONTROLLER), url).toBe(false);
    }
    expect(isAllowedNavigation(`${CONTROLLER}/wall`, undefined)).toBe(false);
  });

  it('blocks will-navigate and will-redirect away, and denies every window.open', () => {
    const contents = new FakeWebContents({ width: 100, height: 100 });
    const log = new MemoryLog();
    guardWebContents(contents, () => CONTROLLER, log);
    expect(contents.navigate('https://evil.example/phish')).toBe(false);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    expect(contents.navigate(`${CONTROLLER}/wall`)).toBe(true);
    expect(contents.navigate('app://wall/index.html')).toBe(true);
    expect(contents.windowOpen('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.windowOpen(`${CONTROLLER}/console`)).toEqual({ action: 'deny' });
    expect(log.lines.filter((l) => l.message.startsWith('blocked'))).toHaveLength(4);
  });

  it('stops any webview from attaching', () => {
    const app = new FakeApp();
    guardWebviews(app, new MemoryLog());
    const contents = new FakeWebContents({ width: 1, height: 1 });
    app.emit('web-contents-created', {}, contents);
    expect(contents.attachWebview()).toBe(false);
  });
});

describe('session', () => {
  it('denies every permission request and check', async () => {
    const session = new FakeSession();
    // The fake, like Electron, grants when no handler is set: the hardening is what denies.
    expect(await session.requestPermission('media')).toBe(true);
    hardenSession(session, () => "default-src 'self'", new MemoryLog());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal']) {
      expect(await session.requestPermission(permission)).toBe(false);
      expect(session.checkPermission(permission)).toBe(false);
    }
  });

  it('puts the CSP on app:// responses, replacing any other', () => {
    const session = new FakeSession();
    hardenSession(session, () => "default-src 'self'", new MemoryLog());
    expect(session.headerFilter).toEqual(['app://*/*']);
    expect(session.responseHeaders('app://wall/index.html', { 'content-security-policy': ['default-src *'], 'x-a': ['1'] })).toEqual({
      'x-a': ['1'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('still denies permissions when the CSP header hook is refused by Electron', async () => {
    const session = new FakeSession();
    session.webRequest.onHeadersReceived = () => {
      throw new Error('Invalid url pattern app://*/*');
    };
    const log = new MemoryLog();
    hardenSession(session, () => "default-src 'self'", log);
    expect(await session.requestPermission('media')).toBe(false);
    expect(log.has('CSP header hook not installed')).toBe(true);
  });

  it('builds a CSP that locks code to the bundle and, restricted, data to the listed origins', () => {
    const parse = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    const strictCsp = contentSecurityPolicy({ controllerOrigin: CONTROLLER, allowedOrigins: ['http://gateway.lan:8090/hls'], restrictRemoteOrigins: true });
    const openCsp = contentSecurityPolicy({ controllerOrigin: CONTROLLER, allowedOrigins: [], restrictRemoteOrigins: false });
    const strict = parse(strictCsp);
    const open = parse(openCsp);
    for (const d of [strict, open]) {
      expect(d['default-src']).toEqual(["'self'"]);
      expect(d['script-src']).toEqual(["'self'"]);
      expect(d['object-src']).toEqual(["'none'"]);
      expect(d['base-uri']).toEqual(["'none'"]);
      expect(d['form-action']).toEqual(["'none'"]);
      expect(d['frame-ancestors']).toEqual(["'none'"]);
    }
    expect(strict['connect-src']).toEqual([
      "'self'",
      'blob:',
      'data:',
      CONTROLLER,
      'http://gateway.lan:8090',
      'wss://ioc-controller.city.lan:8443',
      'ws://gateway.lan:8090',
    ]);
    expect(strict['media-src']).toEqual(["'self'", 'blob:', CONTROLLER, 'http://gateway.lan:8090']);
    expect(strict['frame-src']).toEqual([CONTROLLER, 'http://gateway.lan:8090']);
    expect(open['connect-src']).toEqual(["'self'", 'blob:', 'data:', 'http:', 'https:', 'ws:', 'wss:']);
    expect(open['frame-src']).toEqual(['http:', 'https:']);
    const none = contentSecurityPolicy({ controllerOrigin: undefined, allowedOrigins: [], restrictRemoteOrigins: true });
    expect(none).toContain("connect-src 'self' blob: data:;");
    expect(none).toContain("frame-src 'none';");
    for (const csp of [strictCsp, openCsp, none]) expect(csp).not.toMatch(/unsafe-eval|\*/);
  });
});
