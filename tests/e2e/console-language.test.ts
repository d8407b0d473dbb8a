import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleStack, type StackRole } from '../support/console-stack';

/**
 * The console in Vietnamese has no English left: every role's workspaces are walked in vi (their
 * disclosures and forms opened, an error or two provoked), and the visible text plus the
 * tooltips, labels and placeholders are searched for every English catalogue text that differs
 * from its Vietnamese one. Data (wall, camera, preset, user names) is left out: it is not
 * translated. And the language is the user's: switched vi → en → vi, it is stored per user and
 * used at the next sign-in, in a fresh browser too. Screenshots of each workspace in both
 * languages: tests/artifacts/console/lang-*.png.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOCALES = join(root, 'controller', 'console', 'src', 'locales');
const WORKSPACES = ['operator', 'duty', 'technician', 'walls', 'admin', 'audit'];

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
function leaves(obj: Json, prefix: string, out: [string, string][] = []): [string, string][] {
  if (typeof obj === 'string') out.push([prefix, obj]);
  else if (obj && typeof obj === 'object' && !Array.isArray(obj)) for (const [k, v] of Object.entries(obj)) leaves(v, prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`, out);
  return out;
}
function catalogueTexts(lang: 'en' | 'vi'): [string, string][] {
  return readdirSync(join(LOCALES, lang))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => leaves(JSON.parse(readFileSync(join(LOCALES, lang, f), 'utf8')) as Json, `${f.replace(/\.json$/, '')}:`));
}

interface Matcher {
  key: string;
  value: string;
  re: RegExp;
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A finder for each English text that Vietnamese does not share: its literal parts in order,
 * `{{variables}}` matching anything short, whole words only, case kept. Texts with no word of
 * three letters or more ("{{count}} s") are too short to find without noise, and skipped.
 */
function englishMatchers(): Matcher[] {
  const viTexts = catalogueTexts('vi').map(([, v]) => v.trim());
  const vi = new Set(viTexts);
  const wordRe = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
  const out: Matcher[] = [];
  for (const [key, value] of catalogueTexts('en')) {
    if (vi.has(value.trim())) continue;
    const parts = value.split(/\{\{[^}]*\}\}/).map((p) => p.trim()).filter(Boolean);
    if (!parts.some((p) => /\p{L}{3,}/u.test(p))) continue;
    // A term Vietnamese uses too ("PTZ", "Camera", "RTSP") is not English left behind.
    if (parts.length === 1 && value.trim() === parts[0] && viTexts.some((v) => wordRe(escapeRe(parts[0]!)).test(v))) continue;
    const body = parts.map((p) => escapeRe(p).replace(/\s+/g, '\\s+')).join('[\\s\\S]{0,60}?');
    const start = /^\p{L}/u.test(parts[0]!) ? '(?<![\\p{L}\\p{N}])' : '';
    const end = /\p{L}$/u.test(parts.at(-1)!) ? '(?![\\p{L}\\p{N}])' : '';
    out.push({ key, value, re: new RegExp(`${start}${body}${end}`, 'u') });
  }
  return out;
}

/**
 * What a user reads on the page: its text, its tooltips and labels, the options of its lists, its
 * title. Not what is set as code (<code>: error codes, action ids, request ids, JSON details):
 * identifiers are the same in every language.
 */
const readable = (page: Page) =>
  page.evaluate(() => {
    const codes = [...document.querySelectorAll<HTMLElement>('code')].map((el) => [el, el.style.display] as const);
    for (const [el] of codes) el.style.display = 'none';
    const texts = [document.title, document.body.innerText];
    for (const [el, display] of codes) el.style.display = display;
    for (const el of document.querySelectorAll<HTMLElement>('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
        const v = el.getAttribute(attr);
        // An error note keeps the server's own (English) message in its title, by design.
        if (v && !(attr === 'title' && el.classList.contains('error-note'))) texts.push(v);
      }
    }
    for (const o of document.querySelectorAll('option')) texts.push(o.textContent ?? '');
    for (const g of document.querySelectorAll('optgroup')) texts.push(g.getAttribute('label') ?? '');
    return texts.join('\n');
  });

/** Waits until nothing in the workspace says it is busy, then a moment for the last paint. */
async function settle(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0).catch(() => undefined);
  await page.waitForTimeout(300);
}

describe('the console in Vietnamese and English', { timeout: 180_000 }, () => {
  let stack: ConsoleStack;
  let matchers: Matcher[];
  /** Names that are data, not UI text: never translated, so never "English left". */
  const data = new Set<string>();
  /** English found: `key "value" in "…context…"` → where (`role/workspace`). */
  const found = new Map<string, Set<string>>();
  const findings = {
    clear: () => found.clear(),
    add: (what: string, where: string) => found.set(what, (found.get(what) ?? new Set()).add(where)),
    list: () => [...found].map(([what, where]) => `${what} at ${[...where].join(', ')}`),
  };
  let scanned = 0;

  async function scan(page: Page, where: string): Promise<void> {
    let text = await readable(page);
    for (const d of [...data].sort((a, b) => b.length - a.length)) text = text.split(d).join(' ');
    scanned++;
    for (const m of matchers) {
      const hit = m.re.exec(text);
      if (hit) findings.add(`${m.key} "${m.value}" as "${hit[0].replace(/\s+/g, ' ')}"`, where);
    }
  }

  /** Opens what a workspace keeps folded (disclosures, details), one at a time, scanning each. */
  async function openFolded(page: Page, where: string): Promise<void> {
    for (let i = 0; i < 10; i++) {
      const next = page.locator('main [aria-expanded="false"]:not([data-lang-walked]), main details:not([open]) > summary:not([data-lang-walked])').first();
      if ((await next.count()) === 0 || !(await next.isVisible())) break;
      await next.evaluate((el) => el.setAttribute('data-lang-walked', ''));
      await next.click().catch(() => undefined);
      await settle(page);
      await scan(page, `${where} (opened ${i + 1})`);
    }
  }

  beforeAll(async () => {
    stack = await startConsoleStack({ name: 'language', onvif: true });
    matchers = englishMatchers();
    // Something on each wall and in each queue, so the workspaces show their real content.
    const layouts = (await stack.api('GET', '/api/layouts?wallId=monitoring')).body as { id: string }[];
    expect((await stack.api('POST', '/api/walls/monitoring/apply', { layoutId: layouts[0]!.id }, 'operator')).status).toBe(200);
    expect((await stack.api('POST', '/api/escalations', { cameraId: 'cam-bridge', reason: 'Ùn tắc trên cầu', priority: 2 }, 'duty-officer')).status).toBe(201);
    await stack.openScreen('monitoring', 0, 0);
    await stack.openUnpairedScreen();
    for (const w of (await stack.api('GET', '/api/walls')).body as { id: string; name: string }[]) {
      data.add(w.name);
      for (const l of (await stack.api('GET', `/api/layouts?wallId=${w.id}`)).body as { name: string; description?: string }[]) {
        data.add(l.name);
        if (l.description) data.add(l.description);
      }
      const state = (await stack.api('GET', `/api/walls/${w.id}/state`)).body as { tiles?: { label?: string }[] } | null;
      for (const t of state?.tiles ?? []) if (t.label) data.add(t.label);
    }
    for (const c of (await stack.api('GET', '/api/cameras')).body as { name: string; district?: string }[]) {
      data.add(c.name);
      if (c.district) data.add(c.district);
    }
    for (const u of Object.values(stack.users)) data.add(u.username);
    data.add('Ùn tắc trên cầu');
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('finds English when it is there (the scan itself works)', async () => {
    const page = await stack.browser.newPage();
    try {
      await page.setContent('<html><head><title>x</title></head><body><p>Đăng nhập</p><button title="Sign out">Thoát</button></body></html>');
      findings.clear();
      await scan(page, 'probe');
      expect(findings.list().some((f) => f.startsWith('common:header.signOut') && f.endsWith('at probe'))).toBe(true);
      findings.clear();
    } finally {
      await page.close();
    }
    expect(matchers.length).toBeGreaterThan(100);
  });

  it('the sign-in page, its error and the signed-out page are Vietnamese', async () => {
    findings.clear();
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${stack.url}/console/`);
      await page.locator('.language-switch button[lang="vi"]').click();
      await page.locator('#login-username').waitFor();
      await scan(page, 'sign-in');
      await page.locator('#login-username').fill('nobody-here');
      await page.locator('#login-password').fill('wrong-password-1');
      await page.locator('#login-password').press('Enter');
      await page.locator('#login-message[data-code="BAD_CREDENTIALS"]').waitFor();
      await scan(page, 'sign-in error');
      await stack.shot(page, 'lang-sign-in-vi');
      await page.locator('#login-username').fill(stack.users.viewer.username);
      await page.locator('#login-password').fill(stack.users.viewer.password);
      await page.locator('#login-password').press('Enter');
      await page.locator('#sign-out').click();
      await page.locator('.login-form [role="status"]').waitFor();
      await scan(page, 'signed out');
      await page.locator('.language-switch button[lang="en"]').click();
      await page.locator('#login-username').waitFor();
      await stack.shot(page, 'lang-sign-in-en');
    } finally {
      await page.close();
    }
    expect(findings.list()).toEqual([]);
  });

  it('every role walks every workspace in Vietnamese and finds no English text', async () => {
    findings.clear();
    for (const role of ['admin', 'operator', 'duty-officer', 'technician', 'viewer'] as StackRole[]) {
      const page = await stack.signIn(role, { lang: 'vi' });
      const tabs = await page.locator('nav.workspace-nav a').evaluateAll((as) => as.map((a) => a.id.replace(/^nav-/, '')));
      expect(tabs.length).toBeGreaterThan(0);
      if (role === 'admin') expect(tabs).toEqual(WORKSPACES);
      for (const ws of tabs) {
        await page.locator(`#nav-${ws}`).click();
        await page.locator(`main [data-workspace="${ws}"]`).waitFor();
        await settle(page);
        await scan(page, `${role}/${ws}`);
        if (role === 'admin') await stack.shot(page, `lang-${ws}-vi`);
        await openFolded(page, `${role}/${ws}`);
        if (role === 'admin' && ws === 'admin') {
          // An error from the server, shown in Vietnamese: the name is taken.
          await page.locator('#user-new[aria-expanded="false"]').click().catch(() => undefined);
          await page.locator('#new-username').fill(stack.users.operator.username);
          await page.locator('#new-password').fill('some-password-123');
          await page.locator('#user-create-submit').click();
          await page.locator('#user-create-outcome[data-code="ALREADY_EXISTS"]').waitFor();
          await scan(page, `${role}/${ws} (error)`);
          await stack.shot(page, 'lang-admin-forms-vi');
        }
      }
      if (role === 'admin') {
        // The same workspaces in English, for the record.
        await page.locator('.language-switch button[lang="en"]').click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
        for (const ws of tabs) {
          await page.locator(`#nav-${ws}`).click();
          await page.locator(`main [data-workspace="${ws}"]`).waitFor();
          await settle(page);
          await stack.shot(page, `lang-${ws}-en`);
        }
        await page.locator('.language-switch button[lang="vi"]').click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('vi');
        await scan(page, `${role}/back to vi`);
      }
      await page.close();
    }
    expect(scanned).toBeGreaterThan(15);
    expect(findings.list()).toEqual([]);
    expect(stack.problems).toEqual([]);
  });

  it('the language is remembered per user: vi → en → vi, signed out and in again, in a fresh browser too', async () => {
    const navText = (page: Page) => page.locator('#nav-operator').innerText();
    const stored = async () => (await stack.api('GET', '/api/me', undefined, 'operator')).body.language as string;

    // Vietnamese first, then English with the switch: stored for the user.
    const first = await stack.signIn('operator', { signInPageLang: 'vi' });
    expect(await navText(first)).toBe('Điều hành');
    await first.locator('.language-switch button[lang="en"]').click();
    await expect.poll(() => navText(first)).toBe('Operate');
    await expect.poll(stored).toBe('en');
    await first.locator('#sign-out').click();
    await first.locator('#login-username').waitFor();
    expect(await first.locator('.login-form [role="status"]').innerText()).toBe('You have signed out.');
    await first.close();

    // A fresh browser that last showed Vietnamese: the user's English wins once signed in.
    const second = await stack.signIn('operator', { signInPageLang: 'vi' });
    await expect.poll(() => second.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await navText(second)).toBe('Operate');
    await stack.shot(second, 'lang-remembered-en');
    // And back to Vietnamese.
    await second.locator('.language-switch button[lang="vi"]').click();
    await expect.poll(() => navText(second)).toBe('Điều hành');
    await expect.poll(stored).toBe('vi');
    await second.locator('#sign-out').click();
    await second.locator('#login-username').waitFor();
    await second.close();

    // A fresh browser that last showed English: the user's Vietnamese wins.
    const third = await stack.signIn('operator', { signInPageLang: 'en' });
    await expect.poll(() => third.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await navText(third)).toBe('Điều hành');
    await stack.shot(third, 'lang-remembered-vi');
    await third.close();
    expect(stack.problems).toEqual([]);
  });
});
