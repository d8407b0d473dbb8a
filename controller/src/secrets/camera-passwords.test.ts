import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ControllerConfig, DeepPartial } from '../config';
import { startHarness, type Harness } from '../test-support/harness';
import { keyId, SecretsKeyError } from './secret-box';

const MEDIA_SECRET = 'camera-passwords-test-media-secret-0123456789';
const PASSWORD = 'Str0ng-"cam"-pass\\word';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ioc-secrets-'));
  dirs.push(d);
  return d;
}

const newKey = () => randomBytes(32).toString('base64');
const start = (dir: string, secrets: DeepPartial<ControllerConfig['secrets']> = {}) =>
  startHarness({ mediaGateway: { secret: MEDIA_SECRET }, secrets }, dir);

/** The SQLite file and its WAL as they are on disk, as one text. */
function rawBytes(dir: string): string {
  return ['ioc.sqlite', 'ioc.sqlite-wal']
    .map((f) => join(dir, f))
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('\n');
}

/** What the gateway is given for the camera (its ffmpeg input). */
async function gatewayUrl(h: Harness, id: string): Promise<URL> {
  const res = await fetch(`${h.url}/api/internal/cameras/${id}`, { headers: { authorization: `Bearer ${MEDIA_SECRET}` } });
  expect(res.status).toBe(200);
  return new URL(((await res.json()) as { mainUrl: string }).mainUrl);
}

async function createCamera(h: Harness, id: string, password = PASSWORD): Promise<void> {
  const r = await h.api('POST', '/api/cameras', {
    token: await h.login(),
    body: { id, name: id, mainUrl: 'rtsp://127.0.0.1:8554/cam', username: 'viewer', password },
  });
  expect(r.status).toBe(201);
}

const storedPassword = (dir: string, id: string): string => {
  const db = new Database(join(dir, 'ioc.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT password FROM cameras WHERE id = ?').get(id) as { password: string }).password;
  } finally {
    db.close();
  }
};

describe('camera passwords at rest', () => {
  it('never writes the password in plain text, to the database or its WAL, and still gives it to the gateway', async () => {
    const dir = freshDir();
    const h = await start(dir);
    try {
      await createCamera(h, 'cam-1');
      // The WAL holds the fresh pages: the check reads it before any checkpoint.
      expect(existsSync(join(dir, 'ioc.sqlite-wal'))).toBe(true);
      const raw = rawBytes(dir);
      expect(raw).not.toContain('Str0ng');
      expect(raw).toContain('rtsp://127.0.0.1:8554/cam');
      expect(storedPassword(dir, 'cam-1')).toMatch(/^enc:v1:[0-9a-f]{8}:/);
      const url = await gatewayUrl(h, 'cam-1');
      expect(decodeURIComponent(url.password)).toBe(PASSWORD);
      expect(decodeURIComponent(url.username)).toBe('viewer');
      // The key was made on first start, beside the database, readable by its owner only.
      const keyFile = join(dir, 'secrets.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(storedPassword(dir, 'cam-1').split(':')[2]).toBe(keyId(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')));
    } finally {
      await h.close();
    }
    // The same key file on the next start: the password still opens.
    const again = await start(dir);
    try {
      expect(decodeURIComponent((await gatewayUrl(again, 'cam-1')).password)).toBe(PASSWORD);
    } finally {
      await again.close();
    }
  });

  it('encrypts a plain password left by an older version on start, in one audited step, and leaves no trace of it', async () => {
    const dir = freshDir();
    const h = await start(dir);
    await createCamera(h, 'cam-old', 'placeholder-pass');
    await h.close();
    // As the previous version stored it: plain text.
    const db = new Database(join(dir, 'ioc.sqlite'));
    db.prepare('UPDATE cameras SET password = ? WHERE id = ?').run('Legacy-Plain-Pass-42', 'cam-old');
    db.close();
    expect(rawBytes(dir)).toContain('Legacy-Plain-Pass-42');

    const upgraded = await start(dir);
    try {
      expect(storedPassword(dir, 'cam-old')).toMatch(/^enc:v1:/);
      expect(rawBytes(dir)).not.toContain('Legacy-Plain-Pass-42');
      expect(decodeURIComponent((await gatewayUrl(upgraded, 'cam-old')).password)).toBe('Legacy-Plain-Pass-42');
      const audit = await upgraded.api('GET', '/api/audit', { token: await upgraded.login() });
      expect(audit.body.entries.find((a: { action: string }) => a.action === 'cameras.passwords.reseal')).toMatchObject({ actor: 'system', details: { encrypted: 1, rekeyed: 0 } });
      expect(upgraded.log.lines.some((l) => l.includes('camera passwords encrypted with the current key'))).toBe(true);
    } finally {
      await upgraded.close();
    }
  });

  it('rotates the key: the old one given as previous, every password is re-encrypted with the new one', async () => {
    const dir = freshDir();
    const [oldKey, newKey_] = [newKey(), newKey()];
    const h = await start(dir, { key: oldKey });
    await createCamera(h, 'cam-r');
    await h.close();
    expect(existsSync(join(dir, 'secrets.key'))).toBe(false); // the env key is used, no file made

    const rotated = await start(dir, { key: newKey_, previousKey: oldKey });
    await rotated.close();
    expect(storedPassword(dir, 'cam-r').split(':')[2]).toBe(keyId(Buffer.from(newKey_, 'base64')));

    // The old key is no longer needed, and no longer enough.
    const after = await start(dir, { key: newKey_ });
    try {
      expect(decodeURIComponent((await gatewayUrl(after, 'cam-r')).password)).toBe(PASSWORD);
    } finally {
      await after.close();
    }
    await expect(start(dir, { key: oldKey })).rejects.toThrow(SecretsKeyError);
  });

  it('rotates a key file: the old file moved aside and named as previous, a new one is made', async () => {
    const dir = freshDir();
    const h = await start(dir);
    await createCamera(h, 'cam-f');
    await h.close();
    renameSync(join(dir, 'secrets.key'), join(dir, 'secrets.key.old'));
    const rotated = await start(dir, { previousKeyFile: join(dir, 'secrets.key.old') });
    try {
      expect(decodeURIComponent((await gatewayUrl(rotated, 'cam-f')).password)).toBe(PASSWORD);
    } finally {
      await rotated.close();
    }
    const current = Buffer.from(readFileSync(join(dir, 'secrets.key'), 'utf8').trim(), 'base64');
    expect(storedPassword(dir, 'cam-f').split(':')[2]).toBe(keyId(current));
  });

  it('refuses to start with a wrong or missing key, naming it, and writes nothing', async () => {
    const dir = freshDir();
    const key = newKey();
    const h = await start(dir, { key });
    await createCamera(h, 'cam-w');
    await h.close();
    const before = storedPassword(dir, 'cam-w');

    const wrong = await start(dir, { key: newKey() }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(SecretsKeyError);
    expect((wrong as Error).message).toMatch(/camera:cam-w:password was encrypted with key id [0-9a-f]{8}.*secrets\.key \(IOC_SECRETS_KEY\)/);
    expect((wrong as Error).message).not.toContain(key);

    // No key given at all: a key file is made, does not fit, and is taken back.
    const missing = await start(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect((missing as Error).message).toMatch(/secrets\.keyFile \(IOC_SECRETS_KEY_FILE\)/);
    expect(existsSync(join(dir, 'secrets.key'))).toBe(false);
    expect(storedPassword(dir, 'cam-w')).toBe(before);
  });
});
