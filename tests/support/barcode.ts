/**
 * Glass-to-glass clock barcode. The encoder (Node) paints the low 32 bits of the wall-clock
 * time in ms into the top strip of each gray8 frame as 32 black/white cells, most significant
 * bit first; frames are piped to ffmpeg as raw video (see hls-live-source `raw`). The decoder
 * (page) reads the strip from the frame the browser presents (requestVideoFrameCallback +
 * canvas) and subtracts it from its own clock: same machine, same clock.
 *
 * Cells are large (width/32 px square) and pure black/white so x264 at crf 18 keeps them
 * well on either side of mid-gray.
 */
export const BARCODE_BITS = 32;

export function barcodeStripHeight(width: number): number {
  return Math.max(8, Math.floor(width / BARCODE_BITS));
}

/** One gray8 frame carrying `ms` in its barcode and a moving square (so the encoder has motion). */
export function barcodeFrame(width: number, height: number, ms: number): Buffer {
  const buf = Buffer.alloc(width * height, 0x50);
  const cell = Math.floor(width / BARCODE_BITS);
  const strip = barcodeStripHeight(width);
  const value = ms % 2 ** 32;
  for (let bit = 0; bit < BARCODE_BITS; bit++) {
    const on = Math.floor(value / 2 ** (BARCODE_BITS - 1 - bit)) % 2 === 1;
    const x0 = bit * cell;
    for (let y = 0; y < strip; y++) buf.fill(on ? 0xff : 0x00, y * width + x0, y * width + x0 + cell);
  }
  const side = Math.floor(height / 4);
  const sx = Math.floor(((ms / 20) % (width - side)) | 0);
  const sy = Math.floor(height / 2 - side / 2);
  for (let y = sy; y < sy + side; y++) buf.fill(0xe0, y * width + sx, y * width + sx + side);
  return buf;
}

/**
 * Reads the 32-bit value from RGBA pixels of the strip (as `getImageData` returns them for a
 * canvas `width` px wide showing the frame's top strip at 1:1 horizontally). Samples the
 * middle half of each cell and rejects a frame whose cells are not clearly black or white.
 */
export function decodeBarcode(rgba: Uint8ClampedArray, width: number, rows: number): number | null {
  const cell = width / BARCODE_BITS;
  const y = Math.floor(rows / 2);
  let value = 0;
  for (let bit = 0; bit < BARCODE_BITS; bit++) {
    let sum = 0;
    let n = 0;
    for (let x = Math.floor(bit * cell + cell / 4); x < Math.ceil(bit * cell + (3 * cell) / 4); x++) {
      const i = (y * width + x) * 4;
      sum += ((rgba[i] ?? 0) + (rgba[i + 1] ?? 0) + (rgba[i + 2] ?? 0)) / 3;
      n++;
    }
    const level = sum / Math.max(1, n);
    if (level > 60 && level < 195) return null;
    value = value * 2 + (level >= 128 ? 1 : 0);
  }
  return value;
}

/** ms from when the frame was painted to `nowMs`, with the 32-bit wrap handled. */
export function latencyFromBarcode(value: number, nowMs: number): number {
  const now32 = nowMs % 2 ** 32;
  return (now32 - value + 2 ** 32) % 2 ** 32;
}

/**
 * Page side: on every presented frame, decodes the barcode and records the glass-to-glass
 * latency into `samples` (filled in place). `onPresented` sees every presented frame, decoded or
 * not. The clock is read first: the presented frame's age is measured, not the decode.
 */
export function startBarcodeReader(
  video: HTMLVideoElement,
  opts: { samples?: number[]; onPresented?: (now: number) => void } = {},
): { samples: number[]; stop: () => void } {
  const samples = opts.samples ?? [];
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let handle: number | null = null;
  let stopped = false;
  const onFrame = () => {
    if (stopped) return;
    const now = Date.now();
    opts.onPresented?.(now);
    const w = video.videoWidth;
    if (ctx && w > 0) {
      const strip = barcodeStripHeight(w);
      if (canvas.width !== w || canvas.height !== strip) {
        canvas.width = w;
        canvas.height = strip;
      }
      ctx.drawImage(video, 0, 0, w, strip, 0, 0, w, strip);
      const value = decodeBarcode(ctx.getImageData(0, 0, w, strip).data, w, strip);
      if (value !== null) samples.push(latencyFromBarcode(value, now));
    }
    handle = video.requestVideoFrameCallback(onFrame);
  };
  handle = video.requestVideoFrameCallback(onFrame);
  return {
    samples,
    stop: () => {
      stopped = true;
      if (handle !== null) video.cancelVideoFrameCallback(handle);
    },
  };
}
