import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export type FfmpegOrigin = 'config' | 'system' | 'bundled';
export interface FfmpegBinary {
  path: string;
  origin: FfmpegOrigin;
  /** e.g. `5.1.9-0+deb12u1` */
  version: string;
}
export interface LocateDeps {
  configuredPath?: string;
  envPath?: string;
  /** Runs `<path> -version`; resolves its stdout or rejects. */
  probe?: (path: string) => Promise<string>;
  /** Path of `@ffmpeg-installer/ffmpeg`'s binary, or undefined when not installed. */
  bundledPath?: () => Promise<string | undefined>;
  isExecutable?: (path: string) => Promise<boolean>;
}
export interface LocateResult {
  found: FfmpegBinary | null;
  /** Every candidate tried, in order, with why it was rejected. */
  tried: { path: string; origin: FfmpegOrigin; error?: string }[];
}

/** Finds ffmpeg: the configured path, then the system's, then `@ffmpeg-installer/ffmpeg`'s. */
export async function locateFfmpeg(deps: LocateDeps = {}): Promise<LocateResult> {
  const probe = deps.probe ?? probeVersion;
  const isExec = deps.isExecutable ?? isExecutable;
  const candidates: { path: string; origin: FfmpegOrigin }[] = [];
  if (deps.configuredPath) candidates.push({ path: deps.configuredPath, origin: 'config' });
  const envPath = deps.envPath ?? process.env.PATH ?? '';
  for (const dir of envPath.split(delimiter).filter(Boolean)) candidates.push({ path: join(dir, 'ffmpeg'), origin: 'system' });
  candidates.push({ path: '/usr/bin/ffmpeg', origin: 'system' });
  const tried: LocateResult['tried'] = [];
  const seen = new Set<string>();
  const attempt = async (c: { path: string; origin: FfmpegOrigin }): Promise<FfmpegBinary | null> => {
    if (seen.has(c.path)) return null;
    seen.add(c.path);
    // Searching PATH: skip silently where there is no file; a configured path is always reported.
    if (c.origin === 'system' && !(await isExec(c.path))) return null;
    try {
      const out = await probe(c.path);
      const version = /ffmpeg version (\S+)/.exec(out)?.[1];
      if (!version) throw new Error('not an ffmpeg binary (no version line)');
      tried.push(c);
      return { ...c, version };
    } catch (err) {
      tried.push({ ...c, error: err instanceof Error ? err.message.slice(0, 200) : String(err) });
      return null;
    }
  };
  for (const c of candidates) {
    const found = await attempt(c);
    if (found) return { found, tried };
  }
  const bundled = await (deps.bundledPath ?? bundledFfmpegPath)();
  if (bundled) {
    const found = await attempt({ path: bundled, origin: 'bundled' });
    if (found) return { found, tried };
  }
  return { found: null, tried };
}

export function probeVersion(path: string, args: string[] = ['-version']): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { timeout: 5_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function bundledFfmpegPath(): Promise<string | undefined> {
  try {
    const mod = (await import('@ffmpeg-installer/ffmpeg')) as { default?: { path?: string }; path?: string };
    return mod.default?.path ?? mod.path;
  } catch {
    return undefined;
  }
}
