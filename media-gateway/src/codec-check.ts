export interface InputVideo {
  codec: string;
  pixFmt: string | null;
  width: number | null;
  height: number | null;
}

const INPUT_VIDEO = /^\s*Stream #0:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Video: ([a-z0-9_]+)(?: \([^)]*\))*(?: \([^)]*\))?,\s*([a-z0-9_]+)?/i;
const SIZE = /,\s(\d{2,5})x(\d{2,5})[\s,]/;

/**
 * Reads the input video stream from ffmpeg's stderr banner (the `Input #0` block), which saves
 * a separate ffprobe and thus a second upstream connection to the camera.
 */
export function parseInputVideo(line: string): InputVideo | null {
  const m = INPUT_VIDEO.exec(line);
  if (!m?.[1]) return null;
  const size = SIZE.exec(line);
  return {
    codec: m[1].toLowerCase(),
    pixFmt: m[2] ? m[2].toLowerCase() : null,
    width: size?.[1] ? Number(size[1]) : null,
    height: size?.[2] ? Number(size[2]) : null,
  };
}

/** Chromium plays 8-bit 4:2:0 H.264 from MSE everywhere; anything else is re-encoded. */
export function playableInChromium(v: InputVideo): boolean {
  if (v.codec !== 'h264') return false;
  return v.pixFmt === null || v.pixFmt === 'yuv420p' || v.pixFmt === 'yuvj420p';
}
