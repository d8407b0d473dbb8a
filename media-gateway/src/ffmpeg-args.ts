import { join } from 'node:path';
import type { SourceInput } from './catalog';

export const DEJAVU_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const PLAYLIST = 'index.m3u8';
export const CONCAT_FILE = 'source.ffconcat';

export interface HlsOutputOptions {
  dir: string;
  segmentSeconds: number;
  listSize: number;
  /** Unique per stream instance, so segment URLs never repeat across restarts (caching). */
  instance: string;
  /** ffmpeg run number within the instance; names the init segment. */
  generation: number;
  /** Media sequence to continue from after a restart, so players see it only grow. */
  startNumber: number;
  /** Re-encode to H.264 instead of copying. */
  transcode: boolean;
  /** Encoder picked at start-up (libx264 when present). */
  h264Encoder: string;
  /** Font for the demo's drawtext; null skips the overlay. */
  fontFile: string | null;
  /** Also send the video as RTP to this port on 127.0.0.1 (the WebRTC fan-out); absent: HLS only. */
  rtpPort?: number;
  /**
   * Seconds of segments to keep on disk after they leave the playlist (the evidence recorder's
   * pre-roll). When set, ffmpeg deletes no segment: the recorder's pre-roll janitor keeps the
   * newest `preRollSegments` unlisted ones and deletes the rest. ffmpeg's own
   * `hls_delete_threshold` cannot do it: hlsenc keeps at most a playlist's duration of unlisted
   * segments, whatever the threshold says.
   */
  preRollSeconds?: number;
}

/**
 * Unlisted segments kept for the pre-roll: its length, one for the segment a recording starts
 * inside, and one for a segment cut longer than `hls_time`.
 */
export function preRollSegments(preRollSeconds: number, segmentSeconds: number): number {
  return Math.ceil(preRollSeconds / segmentSeconds) + 2;
}

/** RTP payload type ffmpeg sends with; the gateway rewrites it per peer to what the peer negotiated. */
export const RTP_PAYLOAD_TYPE = 96;

/**
 * The ffconcat file that carries an RTSP URL (credentials included) to ffmpeg. It lives in the
 * stream's private dir with mode 0600, so the URL never appears on ffmpeg's argv (and thus in
 * `ps`); `option` lines apply demuxer options to the RTSP input.
 */
export function ffconcatFor(url: string): string {
  if (/[\r\n]/.test(url)) throw new Error('camera URL contains a line break');
  // ffconcat quoting: inside '...', a quote is written as '\''.
  const quoted = `'${url.replace(/'/g, "'\\''")}'`;
  return [
    'ffconcat version 1.0',
    `file ${quoted}`,
    'option rtsp_transport tcp',
    // Only the video track is set up upstream: wall tiles are muted and camera audio (G.711)
    // could not go into browser fMP4 anyway.
    'option allowed_media_types video',
    '',
  ].join('\n');
}

export function buildFfmpegArgs(input: SourceInput, o: HlsOutputOptions): string[] {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info'];
  if (input.kind === 'rtsp') {
    args.push(
      '-f', 'concat', '-safe', '0',
      '-protocol_whitelist', 'file,rtsp,rtsps,rtp,srtp,tcp,udp,tls',
      '-i', join(o.dir, CONCAT_FILE),
      '-map', '0:v:0', '-an',
    );
    if (o.transcode) args.push(...encodeArgs(o, 25));
    else args.push('-c:v', 'copy');
  } else {
    const src = `${input.pattern}=size=${input.width}x${input.height}:rate=${input.fps}`;
    args.push('-re', '-f', 'lavfi', '-i', src, '-an');
    if (o.fontFile) args.push('-vf', drawtext(input.label, o.fontFile, input.height));
    args.push(...encodeArgs(o, input.fps));
  }
  const flags = [...(o.preRollSeconds ? [] : ['delete_segments']), 'independent_segments', 'temp_file', 'program_date_time'];
  // After a restart the timestamps start again: tell the player so it does not stall.
  if (o.generation > 0) flags.push('discont_start');
  const hls: [string, string][] = [
    ['hls_time', String(o.segmentSeconds)],
    ['hls_list_size', String(o.listSize)],
    ['hls_segment_type', 'fmp4'],
    ['hls_fmp4_init_filename', `init-${o.instance}-${o.generation}.mp4`],
    ['hls_segment_filename', join(o.dir, `seg-${o.instance}-%d.m4s`)],
    ['start_number', String(o.startNumber)],
    ['hls_flags', flags.join('+')],
  ];
  const transcode = input.kind === 'lavfi' || o.transcode;
  if (o.rtpPort !== undefined && transcode) {
    // One encoder for both outputs: the tee muxer hands the same packets to HLS and RTP. The
    // encoder then writes SPS/PPS only into extradata (HLS's init segment needs it there);
    // dump_extra puts them in band before each keyframe for RTP viewers.
    const slaves = [
      `[f=hls:${hls.map(([k, v]) => `${k}=${teeEscape(v)}`).join(':')}]${teeEscape(join(o.dir, PLAYLIST))}`,
      `[f=rtp:payload_type=${RTP_PAYLOAD_TYPE}:bsfs/v=dump_extra:onfail=ignore]${rtpUrl(o.rtpPort)}`,
    ];
    // tee has no default codec, so nothing is selected unless mapped (RTSP inputs map already).
    if (input.kind === 'lavfi') args.push('-map', '0:v:0');
    args.push('-flags', '+global_header', '-f', 'tee', slaves.join('|'));
    return args;
  }
  args.push('-f', 'hls', ...hls.flatMap(([k, v]) => [`-${k}`, v]), join(o.dir, PLAYLIST));
  if (o.rtpPort !== undefined) {
    // A second output of the same copied packets; the HLS arguments above stay as they were.
    // dump_extra: cameras that send SPS/PPS only in their RTSP SDP get them in band for WebRTC.
    args.push('-map', '0:v:0', '-an', '-c:v', 'copy', '-bsf:v', 'dump_extra', '-f', 'rtp', '-payload_type', String(RTP_PAYLOAD_TYPE), rtpUrl(o.rtpPort));
  }
  return args;
}

/**
 * RTCP goes to the same port (the fan-out drops it) so that nothing is sent to a closed port;
 * 1200-byte packets leave room for SRTP and header extensions within a 1280-byte path MTU.
 */
function rtpUrl(port: number): string {
  return `rtp://127.0.0.1:${port}?pkt_size=1200&rtcpport=${port}`;
}

/** ffmpeg's tee syntax: option values and slave names escape its separators with a backslash. */
function teeEscape(v: string): string {
  return v.replace(/[\\:|[\]'=]/g, (c) => `\\${c}`);
}

/**
 * Re-encoding is the only way to cut 1 s segments from a source with sparse keyframes: with
 * `-c copy` a segment can only start at a camera keyframe, so a camera with a 4 s GOP gives
 * 4 s segments and about three times that in latency, whatever `hls_time` says.
 */
function encodeArgs(o: HlsOutputOptions, fps: number): string[] {
  const common = ['-pix_fmt', 'yuv420p', '-g', String(fps), '-keyint_min', String(fps), '-force_key_frames', `expr:gte(t,n_forced*${o.segmentSeconds})`];
  if (o.h264Encoder === 'libx264') {
    return ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-sc_threshold', '0', '-profile:v', 'main', ...common];
  }
  return ['-c:v', o.h264Encoder, ...common];
}

function drawtext(label: string, font: string, height: number): string {
  const safe = label.replace(/[^A-Za-z0-9 _-]/g, '');
  const size = Math.max(12, Math.round(height / 18));
  return `drawtext=fontfile=${font}:text='${safe}  %{localtime\\:%T}':x=${size}:y=${size}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=${Math.round(size / 4)}`;
}

/** Picks the best H.264 encoder from `ffmpeg -encoders` output. */
export function pickH264Encoder(encodersOutput: string): string | null {
  for (const name of ['libx264', 'libopenh264', 'h264_v4l2m2m', 'h264_vaapi']) {
    if (new RegExp(`^\\s*V\\S*\\s+${name}\\s`, 'm').test(encodersOutput)) return name;
  }
  return null;
}
