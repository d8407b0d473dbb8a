import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleStack, type StackRole } from '../support/console-stack';

/**
 * Roles in the React console, against the real stack: each role sees exactly the workspaces of
 * its job; a viewer sees the walls and no control at all, and the API refuses the viewer the same
 * commands anyway; an admin manages users (create, roles, password, disable, delete) and reads the
 * audit log, filtered and paged; the keyboard reaches everything with a visible focus; a request
 * in flight blocks nothing else; an expired session brings the sign-in page back, saying so in the
 * user's language. Screenshots in tests/artifacts/console/roles-*.png.
 */

const WORKSPACES: Record<StackRole, string[]> = {
  viewer: ['walls'],
  operator: ['operator', 'walls'],
  'duty-officer': ['duty', 'walls'],
  technician: ['technician', 'walls'],
  admin: ['operator', 'duty', 'technician', 'walls', 'admin', 'audit'],
};

const navIds = (page: Page) => page.locator('nav.workspace-nav a').evaluateAll((as) => as.map((a) => a.id.replace(/^nav-/, '')));
/** Every interactive element on the page, described, except the header's sign-out and language buttons. */
const controlsBesidesHeader = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="button"], [draggable="true"], [contenteditable="true"], a[href]:not(.skip-link)')]
      .filter((el) => el.id !== 'sign-out' && !el.closest('.language-switch') && !el.closest('nav.workspace-nav'))
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 40)}`),
  );

describe('console roles', { timeout: 120_000 }, () => {
  let stack: ConsoleStack;
  let escalationId: string;
  let screenId: string;
  let monitoringLayout: string;

  beforeAll(async () => {
    stack = await startConsoleStack({ name: 'roles' });
    const layouts = await stack.api('GET', '/api/layouts?wallId=monitoring');
    monitoringLayout = layouts.body[0].id;
    const applied = await stack.api('POST', '/api/walls/monitoring/apply', { layoutId: monitoringLayout }, 'operator');
    expect(applied.status).toBe(200);
    // One real screen page, to ask it for a screenshot (and to have a screen id at all).
    await stack.openScreen('monitoring', 0, 0);
    const screens = await stack.api('GET', '/api/screens');
    screenId = screens.body.find((s: { wallId: string; col: number; row: number }) => s.wallId === 'monitoring' && s.col === 0 && s.row === 0).id;
    const esc = await stack.api('POST', '/api/escalations', { cameraId: 'cam-bridge', reason: 'e2e roles: fire on the bridge', priority: 2 }, 'duty-officer');
    expect(esc.status).toBe(201);
    escalationId = esc.body.id;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('a viewer sees both walls and no control at all, whatever the address says', async () => {
    const page = await stack.signIn('viewer', { lang: 'vi' });
    await page.locator('.mimic[data-wall-id="monitoring"]').waitFor();
    await page.locator('.mimic[data-wall-id="command"]').waitFor();
    expect(await navIds(page)).toEqual(['walls']);
    expect(await page.locator('main [data-workspace]').evaluateAll((els) => els.map((e) => e.getAttribute('data-workspace')))).toEqual(['walls']);
    // The mimic shows the applied layout's tiles, but they are not buttons for a viewer.
    await page.locator('.mimic[data-wall-id="monitoring"] .mimic-tile').first().waitFor();
    expect(await controlsBesidesHeader(page)).toEqual([]);
    const buttons = await page.locator('button').evaluateAll((bs) => bs.map((b) => (b.id === 'sign-out' ? 'sign-out' : b.closest('.language-switch') ? 'language' : b.outerHTML.slice(0, 80))));
    expect(buttons.sort()).toEqual(['language', 'language', 'sign-out']);
    await stack.shot(page, 'roles-viewer-vi');

    // Typed addresses of other workspaces show the walls and nothing else.
    for (const hash of ['operator', 'duty', 'technician', 'admin', 'audit']) {
      await page.evaluate((h) => (location.hash = h), hash);
      await page.locator('main [data-workspace="walls"]').waitFor();
      expect(await page.locator('main [data-workspace]').count()).toBe(1);
      expect(await controlsBesidesHeader(page)).toEqual([]);
    }

    // A preset's number key does nothing for a viewer: the wall stays at its version.
    const before = (await stack.api('GET', '/api/walls/monitoring/state')).body.version;
    await page.locator('.mimic[data-wall-id="monitoring"]').click();
    await page.keyboard.press('2');
    await page.keyboard.press('1');
    // Nothing to wait for if nothing happens: a round trip through the controller orders it.
    await stack.api('GET', '/api/walls', undefined, 'viewer');
    expect((await stack.api('GET', '/api/walls/monitoring/state')).body.version).toBe(before);

    await page.locator('.language-switch button[lang="en"]').click();
    await page.locator('#nav-walls', { hasText: 'Walls' }).waitFor();
    await stack.shot(page, 'roles-viewer-en');
    await page.close();
    expect(stack.problems).toEqual([]);
  });

  it('the API refuses the viewer every command the console leaves out (403 FORBIDDEN)', async () => {
    const me = await stack.api('GET', '/api/me', undefined, 'viewer');
    expect(me.status).toBe(200);
    const version = (await stack.api('GET', '/api/walls/monitoring/state')).body.version as number;
    const calls: [string, string, unknown?][] = [
      ['POST', '/api/walls/monitoring/apply', { layoutId: monitoringLayout }],
      ['POST', '/api/walls/monitoring/undo', { ifVersion: version }],
      ['POST', '/api/walls/monitoring/layouts', { id: 'viewer-preset', name: 'Viewer preset', tiles: [] }],
      ['POST', '/api/escalations', { cameraId: 'cam-bridge', reason: 'viewer tries', priority: 1 }],
      ['POST', `/api/escalations/${escalationId}/ack`, {}],
      ['POST', `/api/escalations/${escalationId}/close`, {}],
      ['POST', '/api/screens/pair', { code: 'ABC234', wallId: 'monitoring', col: 1, row: 0 }],
      ['GET', '/api/screens/pending'],
      ['POST', '/api/walls/monitoring/identify', { durationMs: 1000 }],
      ['POST', `/api/screens/${screenId}/screenshot`, {}],
      ['DELETE', `/api/screens/${screenId}`],
      ['PATCH', '/api/walls/monitoring', { bezel: { x: 10, y: 10 } }],
      ['PATCH', '/api/walls/monitoring', { widgetLanguage: 'en' }],
      ['POST', '/api/cameras', { id: 'cam-viewer', name: 'Viewer cam', mainUrl: 'rtsp://127.0.0.1:1/x' }],
      ['GET', '/api/users'],
      ['POST', '/api/users', { username: 'viewer-made', password: 'viewer-made-password', roles: ['admin'] }],
      ['PATCH', '/api/users/e2e-viewer', { roles: ['admin'] }],
      ['DELETE', '/api/users/e2e-operator'],
      ['GET', '/api/audit?limit=10'],
    ];
    const answers: string[] = [];
    for (const [method, path, body] of calls) {
      const r = await stack.api(method, path, body, 'viewer');
      answers.push(`${method} ${path} → ${r.status} ${r.body?.code ?? ''}`);
    }
    expect(answers).toEqual(calls.map(([method, path]) => `${method} ${path} → 403 FORBIDDEN`));
    // Nothing changed behind the refusals.
    expect((await stack.api('GET', '/api/walls/monitoring/state')).body.version).toBe(version);
    expect((await stack.api('GET', `/api/escalations/${escalationId}`)).body.state).toBe('open');
    expect((await stack.api('GET', '/api/users')).body.find((u: { username: string }) => u.username === 'e2e-viewer').roles).toEqual(['viewer']);
  });

  it('every other role sees exactly the workspaces of its job', async () => {
    for (const role of ['operator', 'duty-officer', 'technician', 'admin'] as const) {
      const page = await stack.signIn(role, { lang: 'vi' });
      expect(await navIds(page), role).toEqual(WORKSPACES[role]);
      // Each tab opens its workspace; the first is shown on arrival.
      const first = WORKSPACES[role][0]!;
      await page.locator(`main [data-workspace="${first}"]`).waitFor();
      for (const ws of WORKSPACES[role]) {
        await page.locator(`#nav-${ws}`).click();
        await page.locator(`main [data-workspace="${ws}"]`).waitFor();
        expect(await page.locator(`#nav-${ws}`).getAttribute('aria-current')).toBe('page');
      }
      // An address of a workspace the role does not have shows its first one instead.
      const foreign = ['admin', 'audit', 'operator', 'duty', 'technician'].find((w) => !WORKSPACES[role].includes(w));
      if (foreign) {
        await page.evaluate((h) => (location.hash = h), foreign);
        await page.locator(`main [data-workspace="${first}"]`).waitFor();
        expect(await page.locator(`main [data-workspace="${foreign}"]`).count()).toBe(0);
      }
      await stack.shot(page, `roles-${role}-vi`);
      await page.close();
    }
    expect(stack.problems).toEqual([]);
  }, 180_000);

  it('the keyboard reaches the sign-in form and every workspace tab, with a visible focus', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(`${stack.url}/console/`);
      await page.locator('#login-username').waitFor();
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return null;
          const cs = getComputedStyle(el);
          return {
            id: el.id || (el.closest('.language-switch') ? `lang-${el.getAttribute('lang')}` : el.tagName.toLowerCase()),
            outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
          };
        });
      // The user name has the focus on arrival; Tab walks the form in reading order.
      expect((await focused())?.id).toBe('login-username');
      const order: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        expect(f?.outline, `focus visible on ${f?.id}`).toBe(true);
        order.push(f!.id);
      }
      // Password, the sign-in button (no id: 'button'), then the two languages.
      expect(order).toEqual(['login-password', 'button', 'lang-vi', 'lang-en']);
      // Back to the fields, typed, and Enter signs in.
      await page.locator('#login-username').focus();
      await page.keyboard.type(stack.users.admin.username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(stack.users.admin.password);
      await page.keyboard.press('Enter');
      await page.locator('#user-name').waitFor();

      // From the top of the page: the skip link first, then on through the header to the tabs.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip-link');
      const reached: string[] = [];
      for (let i = 0; i < 30 && reached.length < WORKSPACES.admin.length; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (f?.id.startsWith('nav-')) {
          expect(f.outline, `focus visible on ${f.id}`).toBe(true);
          reached.push(f.id.replace(/^nav-/, ''));
        }
      }
      expect(reached).toEqual(WORKSPACES.admin);
      // Enter on a focused tab opens its workspace.
      await page.locator('#nav-audit').focus();
      await page.keyboard.press('Enter');
      await page.locator('main [data-workspace="audit"]').waitFor();
      await page.locator('#nav-admin').focus();
      await page.keyboard.press('Enter');
      await page.locator('main [data-workspace="admin"]').waitFor();
      await stack.shot(page, 'roles-keyboard-focus');
    } finally {
      await page.close();
    }
  });

  it('an admin manages users: create, roles, password, disable and enable, delete; their own lockout is refused in place', async () => {
    const page = await stack.signIn('admin', { lang: 'vi', hash: 'admin' });
    await page.locator('#users-table').waitFor();
    const name = 'e2e-newcomer';
    const firstPassword = 'newcomer-password-1';

    // Create: name, password, roles.
    await page.locator('#user-new').click();
    await page.locator('#new-username').fill(name);
    await page.locator('#new-password').fill(firstPassword);
    await page.locator('#new-role-viewer').uncheck();
    await page.locator('#new-role-operator').check();
    await page.locator('#user-create-submit').click();
    await page.locator('#user-create-outcome.info-note').waitFor();
    const row = page.locator(`#users-table tr[data-username="${name}"]`);
    await row.waitFor();
    expect(await row.locator('.role').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-role')))).toEqual(['operator']);
    expect(await row.locator('td[data-column="roles"]').innerText()).toContain('Điều hành viên');
    expect((await stack.api('POST', '/api/auth/login', { username: name, password: firstPassword })).status).toBe(200);
    // The same name again: the server's code, in place, in Vietnamese.
    await page.locator('#new-username').fill(name);
    await page.locator('#new-password').fill(firstPassword);
    await page.locator('#user-create-submit').click();
    await page.locator('#user-create-outcome.error-note[data-code="ALREADY_EXISTS"]').waitFor();
    expect(await page.locator('#user-create-outcome').innerText()).toContain('Mục này đã tồn tại');

    // Roles.
    await row.locator('button.manage-user').click();
    const editor = page.locator(`#user-editor[data-username="${name}"]`);
    await editor.waitFor();
    await editor.locator('#edit-role-duty-officer').check();
    await editor.locator('#user-roles-save').click();
    await editor.locator('#user-roles-outcome.info-note').waitFor();
    expect((await stack.api('GET', '/api/users')).body.find((u: { username: string }) => u.username === name).roles.sort()).toEqual(['duty-officer', 'operator']);
    await stack.shot(page, 'roles-admin-users-vi');

    // Password reset: the old one stops working, the new one works.
    const secondPassword = 'newcomer-password-2';
    await editor.locator('#reset-password').fill(secondPassword);
    await editor.locator('#user-password-save').click();
    await editor.locator('#user-password-outcome.info-note').waitFor();
    expect((await stack.api('POST', '/api/auth/login', { username: name, password: firstPassword })).status).toBe(401);
    expect((await stack.api('POST', '/api/auth/login', { username: name, password: secondPassword })).status).toBe(200);

    // Disable: the table says so and sign-in is refused; enable again.
    await editor.locator('#user-toggle-disabled').click();
    await editor.locator('#user-state-outcome.info-note').waitFor();
    await row.locator('.user-status[data-disabled="true"]').waitFor();
    const refused = await stack.api('POST', '/api/auth/login', { username: name, password: secondPassword });
    expect([refused.status, refused.body.code]).toEqual([403, 'USER_DISABLED']);
    await editor.locator('#user-toggle-disabled').click();
    await row.locator('.user-status[data-disabled="false"]').waitFor();
    expect((await stack.api('POST', '/api/auth/login', { username: name, password: secondPassword })).status).toBe(200);

    // Delete, after a confirmation (cancel first: nothing happens).
    await editor.locator('#user-delete').click();
    await editor.locator('#user-delete-cancel').click();
    await editor.locator('#user-delete').click();
    expect(await editor.locator('#user-delete-question').innerText()).toContain(name);
    await editor.locator('#user-delete-confirm').click();
    await row.waitFor({ state: 'detached' });
    expect((await stack.api('GET', '/api/users')).body.some((u: { username: string }) => u.username === name)).toBe(false);

    // The admin's own account: no disable or delete here, and removing their admin role is refused.
    await page.locator('#users-table tr[data-username="admin"] button.manage-user').click();
    const self = page.locator('#user-editor[data-username="admin"]');
    await self.waitFor();
    expect(await self.locator('#user-toggle-disabled, #user-delete').count()).toBe(0);
    await self.locator('#edit-role-admin').uncheck();
    await self.locator('#edit-role-viewer').check();
    await self.locator('#user-roles-save').click();
    await self.locator('#user-roles-outcome.error-note[data-code="SELF_LOCKOUT"]').waitFor();
    expect(await self.locator('#user-roles-outcome .error-code').innerText()).toBe('SELF_LOCKOUT');
    expect((await stack.api('GET', '/api/users')).body.find((u: { username: string }) => u.username === 'admin').roles).toEqual(['admin']);
    await stack.shot(page, 'roles-admin-self-lockout-vi');
    await page.close();
    expect(stack.problems).toEqual([]);
  });

  it('a request in flight blocks nothing: its button shows busy while the rest of the workspace works', async () => {
    const name = 'e2e-slowpoke';
    expect((await stack.api('POST', '/api/users', { username: name, password: 'slowpoke-password-1', roles: ['viewer'] })).status).toBe(201);
    const page = await stack.signIn('admin', { lang: 'vi', hash: 'admin' });
    await page.locator(`#users-table tr[data-username="${name}"] button.manage-user`).click();
    const editor = page.locator(`#user-editor[data-username="${name}"]`);
    // Hold the password reset at the network until the test lets it go.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/users/**', async (route) => {
      if (route.request().method() === 'PATCH' && JSON.parse(route.request().postData() ?? '{}').password) await held;
      await route.continue();
    });
    await editor.locator('#reset-password').fill('slowpoke-password-2');
    await editor.locator('#user-password-save').click();
    await expect.poll(() => editor.locator('#user-password-save').getAttribute('aria-busy')).toBe('true');
    expect(await editor.locator('#user-password-save').isDisabled()).toBe(true);
    // Meanwhile: roles change and are saved, the table sorts, the audit tab opens and comes back.
    await editor.locator('#edit-role-technician').check();
    await editor.locator('#user-roles-save').click();
    await editor.locator('#user-roles-outcome.info-note').waitFor();
    await page.locator('#users-table th button.sort').first().click();
    expect(await page.locator('#users-table th[aria-sort]').first().getAttribute('aria-sort')).toBe('descending');
    expect(await editor.locator('#user-password-save').getAttribute('aria-busy')).toBe('true');
    release();
    await editor.locator('#user-password-outcome.info-note').waitFor();
    expect(await editor.locator('#user-password-save').getAttribute('aria-busy')).toBe('false');
    expect((await stack.api('POST', '/api/auth/login', { username: name, password: 'slowpoke-password-2' })).status).toBe(200);
    await page.close();
  });

  it('the audit log filters by user, action, wall and time, and pages through older entries', async () => {
    // Enough rows by one actor to need pages: 30 identify commands by the technician.
    // Commands are rate limited (10/s): a refused one waits and goes again.
    for (let i = 0; i < 30; ) {
      const r = await stack.api('POST', '/api/walls/command/identify', { durationMs: 500 }, 'technician');
      if (r.status === 429) {
        await new Promise((ok) => setTimeout(ok, 300));
        continue;
      }
      expect(r.status).toBe(200);
      i++;
    }
    const page = await stack.signIn('admin', { lang: 'vi', hash: 'audit' });
    await page.locator('#audit-table').waitFor();
    const rows = page.locator('#audit-table tbody tr');
    const column = (c: string) => page.locator(`#audit-table tbody td[data-column="${c}"]`).allInnerTexts();

    await page.locator('#audit-user').fill('e2e-technician');
    await page.locator('#audit-limit').selectOption('25');
    await page.locator('#audit-apply').click();
    await expect.poll(async () => new Set(await column('actor'))).toEqual(new Set(['e2e-technician']));
    expect(await rows.count()).toBe(25);
    const firstPage = await rows.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-audit-id'))));
    // Times are shown the Vietnamese way (vi-VN: day/month/year), the action with its name and code.
    const time = (await column('at'))[0]!;
    expect(time).toContain(new Intl.DateTimeFormat('vi-VN', { dateStyle: 'short' }).format(Date.now()));
    expect((await column('action'))[0]).toContain('screen.identify');
    expect((await column('action'))[0]).toContain('Hiện vị trí màn hình');
    expect((await column('requestId'))[0]).toMatch(/\S/);
    await stack.shot(page, 'roles-audit-filtered-vi');

    // The next page carries on where the first stopped, older; back again.
    await page.locator('#audit-older').click();
    await expect.poll(() => page.locator('#audit-page').innerText()).toContain('Trang 2');
    const secondPage = await rows.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-audit-id'))));
    expect(secondPage.length).toBeGreaterThan(0);
    expect(Math.max(...secondPage)).toBeLessThan(Math.min(...firstPage));
    expect(new Set(await column('actor'))).toEqual(new Set(['e2e-technician']));
    await page.locator('#audit-newer').click();
    await expect.poll(() => rows.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-audit-id'))))).toEqual(firstPage);

    // By action family and wall: the escalation made in beforeAll names the command wall.
    await page.locator('#audit-user').fill('');
    await page.locator('#audit-action').selectOption('escalation.');
    await page.locator('#audit-wall').selectOption('command');
    await page.locator('#audit-apply').click();
    await expect.poll(async () => new Set(await column('target'))).toEqual(new Set([escalationId]));
    expect(await rows.first().getAttribute('data-action')).toBe('escalation.create');

    // A time range in the future holds nothing; one around now holds the identify commands.
    const local = (ms: number) => {
      const t = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
      return t.toISOString().slice(0, 16);
    };
    await page.locator('#audit-clear').click();
    await page.locator('#audit-from').fill(local(Date.now() + 3600_000));
    await page.locator('#audit-apply').click();
    await page.locator('#audit-empty').waitFor();
    await page.locator('#audit-from').fill(local(Date.now() - 3600_000));
    await page.locator('#audit-to').fill(local(Date.now() + 60_000));
    await page.locator('#audit-action').selectOption('screen.identify');
    await page.locator('#audit-apply').click();
    await expect.poll(async () => new Set(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-action'))))).toEqual(new Set(['screen.identify']));
    // A range the wrong way round: the server's code, shown in place.
    await page.locator('#audit-from').fill(local(Date.now() + 7200_000));
    await page.locator('#audit-apply').click();
    await page.locator('#audit-error[data-code="VALIDATION_FAILED"]').waitFor();
    await page.locator('.language-switch button[lang="en"]').click();
    await page.locator('#audit-clear').click();
    await page.locator('#audit-table').waitFor();
    await stack.shot(page, 'roles-audit-en');
    await page.close();
    expect(stack.problems).toEqual([]);
  });
});

describe('console session expiry', { timeout: 120_000 }, () => {
  let stack: ConsoleStack;
  const TTL_S = 20;
  /** A second admin whose stored language is English. */
  const english = { username: 'e2e-admin-en', password: 'e2e-admin-en-password' };

  beforeAll(async () => {
    // Sessions of TTL_S seconds: the config takes hours, fractions included.
    stack = await startConsoleStack({ name: 'expiry', overrides: { sessions: { ttlHours: TTL_S / 3600 } } });
    expect((await stack.api('POST', '/api/users', { ...english, roles: ['admin'] })).status).toBe(201);
    const login = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(english) });
    const { token } = (await login.json()) as { token: string };
    const prefs = await fetch(`${stack.url}/api/me/preferences`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ language: 'en' }),
    });
    expect(prefs.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it("after the session's time, the next action brings back the sign-in page, saying the session expired in the user's language", async () => {
    const vi = await stack.signIn('admin', { lang: 'vi', hash: 'admin' });
    const en = await stack.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await en.goto(`${stack.url}/console/#admin`);
    await en.locator('.language-switch button[lang="en"]').click();
    await en.locator('#login-username').fill(english.username);
    await en.locator('#login-password').fill(english.password);
    await en.locator('#login-password').press('Enter');
    await vi.locator('#users-table').waitFor();
    await en.locator('#users-table').waitFor();
    const expiresAt = await vi.evaluate(() => (JSON.parse(sessionStorage.getItem('ioc.console.session') ?? '{}') as { expiresAt: number }).expiresAt);
    const enExpiresAt = await en.evaluate(() => (JSON.parse(sessionStorage.getItem('ioc.console.session') ?? '{}') as { expiresAt: number }).expiresAt);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(TTL_S * 1000);
    // Wait out the session (the controller's clock is this process's).
    await new Promise((r) => setTimeout(r, Math.max(expiresAt, enExpiresAt) - Date.now() + 300));

    // The next action (opening the audit log, refreshing the users) meets the expired session.
    if (await vi.locator('#nav-audit').isVisible()) await vi.locator('#nav-audit').click();
    await vi.locator('#login-username').waitFor();
    expect(await vi.locator('.login-form [role="status"]').innerText()).toBe('Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.');
    await stack.shot(vi, 'roles-session-expired-vi');

    if (await en.locator('#users-refresh').isVisible()) await en.locator('#users-refresh').click();
    await en.locator('#login-username').waitFor();
    expect(await en.locator('.login-form [role="status"]').innerText()).toBe('Your session has expired. Please sign in again.');
    await stack.shot(en, 'roles-session-expired-en');
    await en.close();

    // Signing in again works at once.
    await vi.locator('#login-username').fill(stack.users.admin.username);
    await vi.locator('#login-password').fill(stack.users.admin.password);
    await vi.locator('#login-password').press('Enter');
    await vi.locator('#user-name').waitFor();
    expect(stack.problems).toEqual([]);
  });
});
