import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorSchema } from '@ioc/protocol';
import { ApiRequestError } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { forgetMediaTokens, whepUrl } from '../../media';

export type PreviewState = 'connecting' | 'playing' | 'stalled' | 'failed';

/** H.264 first (the gateway only sends H.264), packetization-mode=1 first among those. */
function preferH264(tr: RTCRtpTransceiver): void {
  const codecs = RTCRtpReceiver.getCapabilities?.('video')?.codecs ?? [];
  const h264 = codecs.filter((c) => c.mimeType.toLowerCase() === 'video/h264');
  if (h264.length === 0 || typeof tr.setCodecPreferences !== 'function') return;
  const mode1 = (c: { sdpFmtpLine?: string }) => (/packetization-mode=1/.test(c.sdpFmtpLine ?? '') ? 0 : 1);
  tr.setCodecPreferences([...h264].sort((a, b) => mode1(a) - mode1(b)));
}

/** Best effort: the gateway also ends a peer that goes silent, so a lost DELETE leaks nothing. */
function endSession(url: string): void {
  void fetch(url, { method: 'DELETE', keepalive: true }).then(
    (r) => void r.body?.cancel(),
    () => undefined,
  );
}

const frames = (v: HTMLVideoElement): number => v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;

/**
 * A camera live in the console over the real-time path: WHEP from the media gateway (one
 * recvonly peer, the offer POSTed as application/sdp, the session DELETEd on close). The peer is
 * closed when the preview unmounts or the camera changes; a failed or stalled one is replaced
 * after a short backoff, and "Retry" does it at once.
 */
export function LivePreview({ cameraId, profile, label }: { cameraId: string; profile: 'main' | 'sub'; label: string }) {
  const { t } = useTranslation('duty');
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<PreviewState>('connecting');
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const failures = useRef(0);

  useEffect(() => {
    failures.current = 0;
  }, [cameraId, profile]);

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let closed = false;
    let pc: RTCPeerConnection | null = null;
    let session: string | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastFrames = 0;
    let lastFrameAt = performance.now();
    setState('connecting');
    setError(null);

    const teardown = () => {
      if (pc) {
        pc.ontrack = null;
        pc.onconnectionstatechange = null;
        pc.close();
        pc = null;
      }
      if (session) endSession(session);
      session = null;
      el.pause();
      el.srcObject = null;
    };
    const fail = (err: unknown) => {
      if (closed) return;
      teardown();
      setState('failed');
      setError(err);
      const delay = Math.min(8_000, 1_000 * 2 ** failures.current++);
      retry = setTimeout(() => setAttempt((a) => a + 1), delay);
    };
    const onFrame = () => {
      if (closed || el.videoWidth === 0) return;
      failures.current = 0;
      setState('playing');
      setError(null);
    };
    el.addEventListener('playing', onFrame);
    el.addEventListener('resize', onFrame);
    // Frames, not currentTime: a MediaStream's clock runs on with no media.
    const watchdog = setInterval(() => {
      if (!session) return;
      const n = frames(el);
      const now = performance.now();
      if (n > lastFrames) {
        lastFrames = n;
        lastFrameAt = now;
        if (el.videoWidth > 0) setState('playing');
      } else if (now - lastFrameAt > 10_000) {
        fail(new ApiRequestError('UPSTREAM_FAILED', 'the live preview received no picture for 10 s', 0));
      } else if (now - lastFrameAt > 3_000 && lastFrames > 0) {
        setState('stalled');
      }
    }, 1_000);

    void (async () => {
      const url = await whepUrl(cameraId, profile);
      if (closed) return;
      const peer = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      pc = peer;
      const tr = peer.addTransceiver('video', { direction: 'recvonly' });
      preferH264(tr);
      const r = tr.receiver as unknown as { jitterBufferTarget?: number | null };
      if ('jitterBufferTarget' in r) r.jitterBufferTarget = 0;
      peer.ontrack = (e) => {
        el.srcObject = new MediaStream([e.track]);
        el.play().catch(() => undefined);
      };
      peer.onconnectionstatechange = () => {
        if (peer === pc && peer.connectionState === 'failed') fail(new ApiRequestError('UPSTREAM_FAILED', 'the WebRTC connection to the media gateway failed', 0));
      };
      await peer.setLocalDescription(await peer.createOffer());
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: peer.localDescription!.sdp });
      } catch (err) {
        throw new ApiRequestError('NETWORK_ERROR', `cannot reach the media gateway: ${(err as Error).message}`, 0);
      }
      const answer = await res.text();
      const location = res.headers.get('Location');
      const created = res.status === 201 && location ? new URL(location, url).href : null;
      if (closed || peer !== pc) {
        if (created) endSession(created);
        return;
      }
      if (!created) {
        if (res.status === 401 || res.status === 403) forgetMediaTokens();
        let parsed: ReturnType<typeof ApiErrorSchema.safeParse> | null = null;
        try {
          parsed = ApiErrorSchema.safeParse(JSON.parse(answer));
        } catch {
          parsed = null;
        }
        if (parsed?.success) throw new ApiRequestError(parsed.data.code, parsed.data.message, res.status);
        throw new ApiRequestError('UPSTREAM_FAILED', `the media gateway answered ${res.status} to the WHEP offer`, res.status);
      }
      session = created;
      lastFrameAt = performance.now();
      await peer.setRemoteDescription({ type: 'answer', sdp: answer });
    })().catch(fail);

    return () => {
      closed = true;
      clearTimeout(retry);
      clearInterval(watchdog);
      el.removeEventListener('playing', onFrame);
      el.removeEventListener('resize', onFrame);
      teardown();
    };
  }, [cameraId, profile, attempt]);

  return (
    <figure className="duty-preview" data-state={state} data-camera-id={cameraId}>
      <div className="duty-preview-frame">
        <video ref={video} muted playsInline autoPlay aria-label={t('preview.label', { camera: label })} />
        {state !== 'playing' ? <span className={`duty-preview-state state-${state}`}>{t(`preview.state.${state}`)}</span> : null}
      </div>
      <figcaption>
        <span className="hint">{t('preview.caption', { profile: t(`preview.profile.${profile}`) })}</span>
        {state === 'failed' ? (
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            {t('preview.retry')}
          </button>
        ) : null}
      </figcaption>
      {state === 'failed' ? <ErrorNote error={error} /> : null}
    </figure>
  );
}
