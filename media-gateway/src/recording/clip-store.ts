import { constants } from 'node:fs';
import { access, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IdSchema } from '@ioc/protocol';
import { parseMeta, toMeta, type Recording } from './recording-record';

/** A recording's dir keeps, once finalized, exactly these two files. */
export const META_FILE = 'meta.json';
export const CLIP_FILE = 'clip.mp4';

/** Written whole or not at all: a crash mid-write leaves the previous meta.json. */
export async function writeMeta(dir: string, record: Recording): Promise<void> {
  const tmp = join(dir, `${META_FILE}.tmp`);
  await writeFile(tmp, `${JSON.stringify(toMeta(record), null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, join(dir, META_FILE));
}

/** The dir is writable, or its nearest existing ancestor is (so it can be created). */
export async function canCreate(dir: string): Promise<boolean> {
  for (let d = dir; ; d = dirname(d)) {
    const s = await stat(d).catch(() => null);
    if (s) return s.isDirectory() && (await access(d, constants.W_OK | constants.X_OK).then(() => true, () => false));
    if (dirname(d) === d) return false;
  }
}

/** Every recording dir under `root` (none when it does not exist yet), with its record, or null when meta.json is missing or unreadable. */
export async function scanRecordings(root: string): Promise<{ id: string; record: Recording | null }[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const out: { id: string; record: Recording | null }[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !IdSchema.safeParse(e.name).success) continue;
    let record: Recording | null = null;
    try {
      record = parseMeta(JSON.parse(await readFile(join(root, e.name, META_FILE), 'utf8')));
      // A meta.json copied into another dir must not claim it.
      if (record.id !== e.name) record = null;
    } catch {
      record = null;
    }
    out.push({ id: e.name, record });
  }
  return out;
}

/** Sizes and newest write time of a recording dir's files. */
export async function dirUsage(dir: string): Promise<{ bytes: number; newestSegmentAt: number | null }> {
  let bytes = 0;
  let newestSegmentAt: number | null = null;
  for (const name of await readdir(dir).catch(() => [])) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (!s?.isFile()) continue;
    bytes += s.size;
    if (name.endsWith('.m4s')) newestSegmentAt = Math.max(newestSegmentAt ?? 0, s.mtimeMs);
  }
  return { bytes, newestSegmentAt: newestSegmentAt === null ? null : Math.round(newestSegmentAt) };
}

/** Deletes what finalizing worked from (segments, inits, parts, lists); keeps the clip and meta. */
export async function removeRawFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [])) {
    if (name !== CLIP_FILE && name !== META_FILE) await rm(join(dir, name), { force: true, recursive: true });
  }
}

/**
 * A recording as found at start. One the gateway left open (it died, or closed, while
 * recording) becomes `finalizing`, ending with what reached the disk; one left `ready` loses
 * any raw files a crash before the clean-up left behind.
 */
export async function recoverRecording(dir: string, record: Recording): Promise<Recording> {
  if (record.state === 'ready') await removeRawFiles(dir);
  if (record.state !== 'recording' && record.state !== 'finalizing') return record;
  const { newestSegmentAt } = await dirUsage(dir);
  const open: Recording = {
    ...record,
    state: 'finalizing',
    stopReason: record.stopReason ?? 'gateway-restart',
    stoppedAt: record.stoppedAt ?? newestSegmentAt ?? record.startedAt,
  };
  await writeMeta(dir, open);
  return open;
}
