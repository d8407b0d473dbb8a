import { execFile } from 'node:child_process';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLIP_FILE } from './clip-store';
import { planRuns } from './segment-plan';

const run = promisify(execFile);
const TMP_CLIP = 'clip.tmp.mp4';

/** `runs`: ffmpeg runs of the stream joined (more than one: the stream restarted while recording). */
export type FinalizeResult = { ok: true; bytes: number; runs: number } | { ok: false; error: string };

/**
 * Turns a recording dir's linked segments into `clip.mp4`. Each run of segments sharing an init
 * (one ffmpeg run of the stream) is read as one fragmented MP4 through ffmpeg's `concatf`
 * protocol, so no byte-level copy is written; one run becomes the clip directly. Several runs
 * are first remuxed into parts that start at zero, since the concat demuxer reads a run that
 * starts mid-stream (the pre-roll) as lasting from zero and would leave a gap after it.
 * Idempotent: an interrupted finalize is run again from the same files.
 */
export async function finalizeClip(dir: string, ffmpegPath: string, signal: AbortSignal): Promise<FinalizeResult> {
  const names = await readdir(dir);
  const runs = planRuns(names).filter((r) => names.includes(r.init));
  if (runs.length === 0) {
    // Killed after the clip was renamed into place but before meta.json said so.
    const done = await stat(join(dir, CLIP_FILE)).catch(() => null);
    return done ? { ok: true, bytes: done.size, runs: 0 } : { ok: false, error: 'no video was recorded (the camera sent nothing)' };
  }
  const lists: string[] = [];
  for (const [i, r] of runs.entries()) {
    const list = join(dir, `run-${i}.txt`);
    await writeFile(list, `${[r.init, ...r.segments].map((n) => join(dir, n)).join('\n')}\n`, { mode: 0o600 });
    lists.push(list);
  }
  const ffmpeg = (args: string[]) =>
    run(ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { signal, maxBuffer: 4 * 1024 * 1024, timeout: 30 * 60_000 });
  const fromRun = (list: string) => ['-protocol_whitelist', 'file,concatf', '-i', `concatf:${list}`, '-map', '0:v', '-c', 'copy'];
  const out = join(dir, TMP_CLIP);
  try {
    if (lists.length === 1) {
      await ffmpeg([...fromRun(lists[0]!), '-movflags', '+faststart', '-f', 'mp4', out]);
    } else {
      const parts: string[] = [];
      for (const [i, list] of lists.entries()) {
        parts.push(`part-${i}.mp4`);
        await ffmpeg([...fromRun(list), '-f', 'mp4', join(dir, `part-${i}.mp4`)]);
      }
      const concat = join(dir, 'parts.ffconcat');
      await writeFile(concat, `ffconcat version 1.0\n${parts.map((p) => `file '${p}'`).join('\n')}\n`, { mode: 0o600 });
      await ffmpeg(['-f', 'concat', '-safe', '0', '-i', concat, '-map', '0:v', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', out]);
    }
  } catch (err) {
    await rm(out, { force: true });
    if (signal.aborted) throw err;
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim().split('\n').pop();
    return { ok: false, error: `ffmpeg could not write the clip: ${(stderr || (err as Error).message).split(`${dir}/`).join('').slice(0, 300)}` };
  }
  await rename(out, join(dir, CLIP_FILE));
  return { ok: true, bytes: (await stat(join(dir, CLIP_FILE))).size, runs: runs.length };
}
