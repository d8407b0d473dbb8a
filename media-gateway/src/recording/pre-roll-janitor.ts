import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamProfile } from '@ioc/protocol';
import { PLAYLIST } from '../ffmpeg-args';
import type { Logger } from '../logger';

const SEGMENT = /^seg-[a-z0-9]+-(\d+)\.m4s$/;

/**
 * Segments to delete from a stream dir: every one neither in the playlist nor among the newest
 * `keep` others (the pre-roll). Numbers only grow within a stream dir, so they give the order.
 */
export function segmentsToPrune(names: readonly string[], playlist: string, keep: number): string[] {
  const listed = new Set(playlist.split('\n').map((l) => l.trim()));
  const unlisted = names
    .map((name) => ({ name, n: SEGMENT.exec(name)?.[1] }))
    .filter((s): s is { name: string; n: string } => s.n !== undefined && !listed.has(s.name))
    .sort((a, b) => Number(b.n) - Number(a.n));
  return unlisted.slice(keep).map((s) => s.name);
}

export interface JanitorStreams {
  list(): { cameraId: string; profile: StreamProfile }[];
  get(cameraId: string, profile: StreamProfile): { readonly dir: string } | undefined;
}

/**
 * Deletes the old segments of main streams, which ffmpeg is told to keep (no `delete_segments`)
 * so that a recording can start `preRollSeconds` in the past. One dir listing and one playlist
 * read per stream and sweep: no stat, no extra process.
 */
export class PreRollJanitor {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly d: { streams: JanitorStreams; keep: number; everyMs: number; log: Logger }) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.d.everyMs).unref();
  }

  sweep(): Promise<void> {
    this.sweeping ??= this.pruneAll().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  private async pruneAll(): Promise<void> {
    for (const { cameraId, profile } of this.d.streams.list()) {
      const dir = profile === 'main' ? this.d.streams.get(cameraId, profile)?.dir : undefined;
      if (!dir) continue;
      try {
        const names = await readdir(dir);
        // No playlist between two ffmpeg runs: the newest segments are kept by count anyway.
        const playlist = await readFile(join(dir, PLAYLIST), 'utf8').catch(() => '');
        for (const name of segmentsToPrune(names, playlist, this.d.keep)) await rm(join(dir, name), { force: true });
      } catch (err) {
        // A stream stopping removes its dir under us.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.d.log.warn('pre-roll janitor failed', { cameraId, error: (err as Error).message });
      }
    }
  }
}
