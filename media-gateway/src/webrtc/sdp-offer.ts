import { AppError } from '@ioc/protocol';

export const MAX_OFFER_BYTES = 32 * 1024;

export interface PreparedOffer {
  /** The offer as handed to werift: only the chosen H.264 format in the video section. */
  sdp: string;
  /** The payload type the viewer will receive the video on. */
  payloadType: number;
}

const bad = (why: string) => new AppError('VALIDATION_FAILED', `bad SDP offer: ${why}`);

/**
 * Checks a WHEP offer and narrows its video section to one H.264 format with
 * packetization-mode=1 (the FU-A packets ffmpeg sends). werift answers with every offered format
 * of a matching MIME type and sends on the first; a browser lists packetization-mode=0 variants
 * too, which our fragmented packets would break. Also drops the viewer's mDNS (`.local`)
 * candidates: its checks reach us anyway (peer-reflexive), and resolving them would cost each
 * peer a multicast socket.
 */
export function prepareOffer(sdp: string): PreparedOffer {
  if (sdp.length > MAX_OFFER_BYTES) throw bad('too large');
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== 'v=0') throw bad('must start with v=0');
  if (lines.some((l) => !/^[a-z]=/.test(l))) throw bad('every line must be <letter>=<value>');
  const sections: string[][] = [[]];
  for (const l of lines) {
    if (l.startsWith('m=')) sections.push([]);
    sections.at(-1)!.push(l);
  }
  const media = sections.slice(1);
  if (media.length === 0) throw bad('no media section');
  const video = media.filter((s) => /^m=video /.test(s[0]!));
  if (video.length !== 1) throw bad(`needs exactly one video m-line, found ${video.length}`);
  const section = video[0]!;
  const m = /^m=video (\d+) (\S+) ([\d ]+)$/.exec(section[0]!);
  if (!m) throw bad('malformed video m-line');
  if (m[1] === '0') throw bad('the video m-line is rejected (port 0)');
  if (section.some((l) => l === 'a=sendonly' || l === 'a=inactive')) throw bad('the video m-line must be recvonly or sendrecv');
  const formats = m[3]!.trim().split(' ');
  const h264 = formats.filter((pt) => section.some((l) => new RegExp(`^a=rtpmap:${pt} H264/90000`, 'i').test(l)));
  if (h264.length === 0) throw bad('no H.264 video format offered');
  const pt = h264.find((p) => section.some((l) => l.startsWith(`a=fmtp:${p} `) && /packetization-mode=1/.test(l)));
  if (pt === undefined) throw bad('no H.264 format with packetization-mode=1 offered');
  const keep = (l: string) => {
    const attr = /^a=(rtpmap|fmtp|rtcp-fb):(\d+)[ /]/.exec(l);
    return !attr || attr[2] === pt;
  };
  const narrowed = [`m=video ${m[1]} ${m[2]} ${pt}`, ...section.slice(1).filter(keep)];
  const out = sections.map((s) => (s === section ? narrowed : s)).flat().filter((l) => !/^a=candidate:\S+ \d+ \S+ \d+ \S+\.local /i.test(l));
  return { sdp: `${out.join('\r\n')}\r\n`, payloadType: Number(pt) };
}

/** Puts `host` (a 1:1 NAT's address) into the answer's host candidates instead of the interface's. */
export function announceHost(answer: string, host: string | null): string {
  if (!host) return answer;
  return answer.replace(/^(a=candidate:\S+ \d+ \S+ \d+ )(\S+)( \d+ typ host)/gm, `$1${host}$3`);
}
