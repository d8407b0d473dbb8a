import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnvifPresetList } from '@ioc/protocol';
import { ErrorNote } from '../../components/ErrorNote';
import { presets as loadPresets, ptz } from './api';

type Direction = 'up' | 'down' | 'left' | 'right' | 'zoomIn' | 'zoomOut';
type Command = Parameters<typeof ptz>[1];

/** Pan right positive, tilt up positive, zoom in positive (ONVIF's generic velocity space). */
const VECTORS: Record<Direction, { x: number; y: number; zoom: number }> = {
  up: { x: 0, y: 1, zoom: 0 },
  down: { x: 0, y: -1, zoom: 0 },
  left: { x: -1, y: 0, zoom: 0 },
  right: { x: 1, y: 0, zoom: 0 },
  zoomIn: { x: 0, y: 0, zoom: 1 },
  zoomOut: { x: 0, y: 0, zoom: -1 },
};
const KEYS: Record<string, Direction> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  '+': 'zoomIn',
  '=': 'zoomIn',
  PageUp: 'zoomIn',
  '-': 'zoomOut',
  PageDown: 'zoomOut',
};
const ARROWS: Record<Direction, string> = { up: '▲', down: '▼', left: '◀', right: '▶', zoomIn: '+', zoomOut: '−' };

/** The camera stops by itself after this long without news: a lost "stop" never leaves it turning. */
const MOVE_TIMEOUT_MS = 2_000;
/** While held, the move is renewed before that timeout runs out. */
const RENEW_MS = 1_200;

/**
 * Pan, tilt and zoom for an ONVIF camera: press and hold a button (or an arrow key, + and −) to
 * move, release to stop; and the camera's presets with "go to".
 */
export function PtzPanel({ cameraId }: { cameraId: string }) {
  const { t } = useTranslation('duty');
  const [moving, setMoving] = useState<Direction | null>(null);
  const [speed, setSpeed] = useState(0.5);
  const [error, setError] = useState<unknown>(null);
  const movingRef = useRef<Direction | null>(null);
  const renew = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  const inflight = useRef(false);
  const queued = useRef<Command | null>(null);

  /**
   * One command at a time, and only the latest waiting one is kept: a release never waits behind
   * renewals of its move on a slow link, and a stop can never overtake the move it ends.
   */
  const send = useCallback(
    (cmd: Command) => {
      queued.current = cmd;
      const pump = async (): Promise<void> => {
        if (inflight.current || !queued.current) return;
        const next = queued.current;
        queued.current = null;
        inflight.current = true;
        try {
          await ptz(cameraId, next);
          setError(null);
        } catch (err) {
          setError(err);
        } finally {
          inflight.current = false;
        }
        return pump();
      };
      void pump();
    },
    [cameraId],
  );

  const start = useCallback(
    (dir: Direction) => {
      if (movingRef.current === dir) return;
      clearInterval(renew.current);
      movingRef.current = dir;
      setMoving(dir);
      const v = VECTORS[dir];
      const move = () => send({ action: 'move', x: v.x * speed, y: v.y * speed, zoom: v.zoom * speed, timeoutMs: MOVE_TIMEOUT_MS });
      move();
      renew.current = setInterval(move, RENEW_MS);
    },
    [send, speed],
  );

  const stop = useCallback(() => {
    if (!movingRef.current) return;
    clearInterval(renew.current);
    movingRef.current = null;
    setMoving(null);
    send({ action: 'stop' });
  }, [send]);

  // A camera change, leaving the workspace or the window losing focus all stop a move.
  useEffect(() => {
    window.addEventListener('blur', stop);
    return () => {
      window.removeEventListener('blur', stop);
      stop();
    };
  }, [stop]);

  const onPadKeyDown = (e: KeyboardEvent) => {
    const dir = KEYS[e.key];
    if (!dir) return;
    e.preventDefault();
    if (!e.repeat) start(dir);
  };
  const onPadKeyUp = (e: KeyboardEvent) => {
    if (KEYS[e.key]) {
      e.preventDefault();
      stop();
    }
  };

  const button = (dir: Direction) => {
    const down = (e: PointerEvent<HTMLButtonElement>) => {
      if (e.button !== 0) return;
      e.currentTarget.setPointerCapture?.(e.pointerId);
      e.currentTarget.focus();
      start(dir);
    };
    return (
      <button
        type="button"
        className={`duty-ptz-${dir}`}
        data-ptz={dir}
        aria-label={t(`ptz.${dir}`)}
        title={t(`ptz.${dir}`)}
        aria-pressed={moving === dir}
        onPointerDown={down}
        onPointerUp={stop}
        onPointerCancel={stop}
        onLostPointerCapture={stop}
        onKeyDown={(e) => {
          if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
            e.preventDefault();
            start(dir);
          }
        }}
        onKeyUp={(e) => {
          if (e.key === ' ' || e.key === 'Enter') {
            e.preventDefault();
            stop();
          }
        }}
        onContextMenu={(e) => e.preventDefault()}
      >
        {ARROWS[dir]}
      </button>
    );
  };

  return (
    <section className="duty-ptz" aria-label={t('ptz.title')}>
      <h3>{t('ptz.title')}</h3>
      <div className="duty-ptz-body">
        <div className="duty-ptz-controls">
          <div className="duty-ptz-pad" role="group" aria-label={t('ptz.pad')} aria-describedby="duty-ptz-hint" onKeyDown={onPadKeyDown} onKeyUp={onPadKeyUp}>
            {button('up')}
            {button('left')}
            <span className="duty-ptz-centre" aria-hidden="true">
              {moving ? '●' : '○'}
            </span>
            {button('right')}
            {button('down')}
            <div className="duty-ptz-zoom">
              {button('zoomOut')}
              {button('zoomIn')}
            </div>
          </div>
          <ErrorNote error={error} />
        </div>
        <div className="duty-ptz-side">
          <p className="hint" id="duty-ptz-hint">
            {t('ptz.hint')}
          </p>
          <label htmlFor="duty-ptz-speed">{t('ptz.speed', { percent: Math.round(speed * 100) })}</label>
          <input id="duty-ptz-speed" type="range" min={0.1} max={1} step={0.1} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} />
          <PresetList cameraId={cameraId} />
        </div>
      </div>
    </section>
  );
}

function PresetList({ cameraId }: { cameraId: string }) {
  const { t } = useTranslation('duty');
  const [list, setList] = useState<OnvifPresetList['presets'] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    setList(null);
    setLoadError(null);
    loadPresets(cameraId).then(
      (r) => live && setList(r.presets),
      (err: unknown) => live && setLoadError(err),
    );
    return () => {
      live = false;
    };
  }, [cameraId, reload]);

  const go = async (token: string) => {
    setBusy(token);
    setError(null);
    try {
      await ptz(cameraId, { action: 'preset', presetToken: token });
      setGone(token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="duty-presets">
      <h3>{t('ptz.presets')}</h3>
      {loadError ? (
        <>
          <ErrorNote error={loadError} />
          <button type="button" onClick={() => setReload((n) => n + 1)}>
            {t('actions.retry')}
          </button>
        </>
      ) : list === null ? (
        <p className="hint">{t('ptz.loadingPresets')}</p>
      ) : list.length === 0 ? (
        <p className="hint">{t('ptz.noPresets')}</p>
      ) : (
        <ul>
          {list.map((p) => (
            <li key={p.token} data-preset-token={p.token}>
              <span className="duty-preset-name">{p.name || p.token}</span>
              <button type="button" onClick={() => void go(p.token)} disabled={busy === p.token} aria-busy={busy === p.token}>
                {busy === p.token ? t('ptz.going') : t('ptz.goto')}
              </button>
              {gone === p.token && busy !== p.token ? <span className="duty-preset-done">{t('ptz.sent')}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
