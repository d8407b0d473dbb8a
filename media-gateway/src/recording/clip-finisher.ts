import { join } from 'node:path';
import type { Logger } from '../logger';
import { dirUsage, removeRawFiles, writeMeta } from './clip-store';
import { finalizeClip, type FinalizeResult } from './finalize-clip';
import type { Recording } from './recording-record';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Finalizes stopped recordings one at a time (each is an ffmpeg remux of up to hours of video,
 * disk-bound), and records the outcome in meta.json. On close the running ffmpeg is killed and
 * the rest stay `finalizing` on disk, for the next start.
 */
export class ClipFinisher {
  private queue: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  constructor(private readonly d: { root: string; ffmpegPath: () => string | null; log: Logger; onFinished: () => void }) {}

  /** Turns `record` (updated in place) into `ready` or `failed` after those queued before it. */
  enqueue(record: Recording): Promise<void> {
    const done = this.queue.then(() => this.finalize(record));
    this.queue = done.catch((err: unknown) => this.d.log.error('finalizing a recording failed', { recording: record.id, error: errorText(err) }));
    return this.queue;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.queue;
  }

  private async finalize(record: Recording): Promise<void> {
    const ffmpeg = this.d.ffmpegPath();
    if (this.abort.signal.aborted || !ffmpeg) return;
    const dir = join(this.d.root, record.id);
    let result: FinalizeResult;
    try {
      result = await finalizeClip(dir, ffmpeg, this.abort.signal);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      result = { ok: false, error: errorText(err) };
    }
    if (result.ok) {
      Object.assign(record, { state: 'ready', bytes: result.bytes });
      await writeMeta(dir, record);
      await removeRawFiles(dir);
      this.d.log.info('clip ready', { recording: record.id, bytes: result.bytes, runs: result.runs });
    } else {
      // The segments stay: the budget deletes them in time, a technician may want them first.
      Object.assign(record, { state: 'failed', error: result.error, bytes: (await dirUsage(dir)).bytes });
      await writeMeta(dir, record);
      this.d.log.warn('recording has no clip', { recording: record.id, error: result.error });
    }
    this.d.onFinished();
  }
}
