import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, IdSchema, parseOrThrow } from '@ioc/protocol';
import { requireMediaSecret } from '../api-routes';
import type { Recorder } from './recorder';
import { StartRecordingBodySchema } from './recording-record';

const ParamsSchema = z.object({ id: IdSchema });

/** body-parser's own errors would reach the gateway's handler as a bare 500. */
const bodyErrors: ErrorRequestHandler = (err: { type?: string }, _req, _res, next) => {
  if (err.type === 'entity.parse.failed') return next(new AppError('VALIDATION_FAILED', 'body must be JSON'));
  if (err.type === 'entity.too.large') return next(new AppError('PAYLOAD_TOO_LARGE', 'body too large'));
  next(err);
};

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * `/api/recordings/:id`, for the controller only (the media secret as a bearer token): one
 * evidence recording per escalation id. Clips are deleted by the disk budget, never here.
 */
export function recordingRouter(d: { secret: string; recorder: Recorder }): Router {
  const r = Router();
  r.use('/api/recordings', requireMediaSecret(d.secret), express.json({ limit: '4kb' }), bodyErrors, noStore);
  const idOf = (req: Request) => parseOrThrow(ParamsSchema, req.params, 'recording path').id;

  r.put('/api/recordings/:id', async (req, res) => {
    const id = idOf(req);
    const body = parseOrThrow(StartRecordingBodySchema, req.body ?? {}, 'recording');
    const { created, record } = await d.recorder.begin(id, body.cameraId);
    res.status(created ? 201 : 200).json(record);
  });

  r.post('/api/recordings/:id/stop', async (req, res) => {
    res.json(await d.recorder.stop(idOf(req)));
  });

  r.get('/api/recordings/:id', (req, res) => {
    res.json(d.recorder.get(idOf(req)));
  });

  r.get('/api/recordings/:id/clip', async (req, res) => {
    const id = idOf(req);
    // Opened before answering: the budget may delete the file, never the open handle's bytes.
    const file = await open(d.recorder.clipPath(id), 'r').catch(() => {
      throw new AppError('RECORDING_NOT_FOUND', `no clip for recording ${id}`);
    });
    try {
      const { size } = await file.stat();
      // One byte range (a resumed or seeking download) via express's own range-parser; several
      // ranges are answered with the whole file, which HTTP allows.
      const ranges = req.headers.range ? req.range(size, { combine: true }) : undefined;
      if (ranges === -1) {
        res.setHeader('Content-Range', `bytes */${size}`);
        throw new AppError('RANGE_NOT_SATISFIABLE', `the clip has ${size} bytes; the range asked for lies outside it`, { size });
      }
      const range = Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 ? ranges[0]! : null;
      const headers: Record<string, string | number> = {
        'Content-Type': 'video/mp4',
        'Accept-Ranges': 'bytes',
        'Content-Length': range ? range.end - range.start + 1 : size,
        'Content-Disposition': `attachment; filename="escalation-${id}.mp4"`,
      };
      if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
      res.writeHead(range ? 206 : 200, headers);
      const body = file.createReadStream({ autoClose: false, ...(range ? { start: range.start, end: range.end } : {}) });
      // A client that goes away mid-download is not the gateway's error.
      await pipeline(body, res).catch(() => res.destroy());
    } finally {
      await file.close();
    }
  });
  return r;
}
