import type { Application } from 'pixi.js';

const ATTEMPTS = 6;

function toPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
}

/**
 * The screen as the room sees it, as a PNG of at most `maxBytes`. The frame is copied right
 * after a render, in the same task (a WebGL canvas keeps no drawing buffer after compositing);
 * the copy is then downscaled until its PNG fits.
 */
export async function captureScreenshot(app: Application, maxBytes: number, doc: Document = document): Promise<Uint8Array> {
  app.render();
  const src = app.canvas;
  const full = doc.createElement('canvas');
  full.width = src.width;
  full.height = src.height;
  const ctx = full.getContext('2d');
  if (!ctx || full.width === 0 || full.height === 0) throw new Error('nothing to capture');
  ctx.drawImage(src, 0, 0);
  let canvas = full;
  for (let i = 0; i < ATTEMPTS; i++) {
    const blob = await toPng(canvas);
    if (blob.size <= maxBytes) return new Uint8Array(await blob.arrayBuffer());
    // PNG size grows about with the pixel count: shrink both sides by the square root, with a margin.
    const scale = Math.min(0.9, Math.sqrt(maxBytes / blob.size) * 0.9);
    const next = doc.createElement('canvas');
    next.width = Math.max(1, Math.round(canvas.width * scale));
    next.height = Math.max(1, Math.round(canvas.height * scale));
    const c2 = next.getContext('2d');
    if (!c2) throw new Error('no 2D context to downscale');
    c2.imageSmoothingQuality = 'high';
    c2.drawImage(full, 0, 0, next.width, next.height);
    canvas = next;
  }
  throw new Error(`the PNG stays over ${maxBytes} bytes after ${ATTEMPTS} downscales`);
}
