import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bezel, Tile, WallSpec } from '@ioc/protocol';
import { ErrorNote } from '../../components/ErrorNote';
import { liveStore, useLive } from '../../state/live';
import { api } from '../../state/session';
import { Confirm, type Note } from './Confirm';
import { techApi } from './api';
import { createThrottle } from './throttle';

const EDGES = ['left', 'right', 'top', 'bottom'] as const;
const SLIDER_MAX = 200;
const BEZEL_MAX = 1000;

const isPattern = (tiles: readonly Tile[] | undefined): boolean => Boolean(tiles && tiles.length > 0 && tiles.every((x) => x.source.kind === 'test-pattern'));

/** The version this console put the pattern up as, per wall: "restore" takes back exactly that. */
const putUp = new Map<string, number>();

function storeWall(w: WallSpec): void {
  liveStore.setState((s) => ({ walls: s.walls.map((x) => (x.id === w.id ? { ...x, ...w } : x)) }));
}

/**
 * One wall's settings: identify, the calibration pattern with live bezels, and the widgets'
 * language. Bezel changes go out a few times a second while a slider moves.
 */
export function WallPanel({ wallId }: { wallId: string }) {
  const { t } = useTranslation('technician');
  const wall = useLive((s) => s.walls.find((w) => w.id === wallId));
  const state = useLive((s) => s.states[wallId] ?? null);
  const layouts = useLive((s) => s.layouts[wallId]);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState<null | 'identify' | 'pattern' | 'restore' | 'language'>(null);
  const [confirming, setConfirming] = useState(false);
  const [bezel, setBezel] = useState<Bezel | null>(wall?.bezel ?? null);
  const [bezelError, setBezelError] = useState<unknown>(null);
  const [bezelSaving, setBezelSaving] = useState(false);
  const editing = useRef(false);

  // The stored bezel when the wall changes (not while the technician is moving a slider).
  useEffect(() => {
    if (!editing.current && wall) setBezel(wall.bezel);
  }, [wall]);
  useEffect(() => {
    setNote(null);
    setError(null);
    setConfirming(false);
    editing.current = false;
  }, [wallId]);

  const throttle = useMemo(
    () =>
      createThrottle((b: Bezel) => {
        setBezelSaving(true);
        techApi
          .updateWall(wallId, { bezel: b })
          .then((w) => {
            setBezelError(null);
            storeWall(w);
          })
          .catch(setBezelError)
          .finally(() => setBezelSaving(false));
      }, 250),
    [wallId],
  );
  useEffect(() => () => throttle.flush(), [throttle]);

  if (!wall || !bezel) return null;
  const calibration = layouts?.find((l) => isPattern(l.tiles) && l.tiles.some((x) => x.source.kind === 'test-pattern' && x.source.pattern === 'grid'));
  const showing = isPattern(state?.tiles);

  const run = async (what: NonNullable<typeof busy>, fn: () => Promise<Note | null>) => {
    setBusy(what);
    setError(null);
    setNote(null);
    try {
      setNote(await fn());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const identify = () =>
    run('identify', async () => {
      await api.identify(wallId, 10_000);
      return { key: 'wall.identifyDone', vars: { name: wall.name, seconds: 10 } };
    });

  const showPattern = () =>
    run('pattern', async () => {
      setConfirming(false);
      const body = calibration
        ? { layoutId: calibration.id }
        : { tiles: [{ id: 'calibration-grid', rect: { x: 0, y: 0, w: wall.cols, h: wall.rows }, source: { kind: 'test-pattern', pattern: 'grid' } }] };
      const r = await techApi.applyTiles(wallId, { ...body, ...(state ? { ifVersion: state.version } : {}), reason: 'calibration' });
      putUp.set(wallId, r.version);
      return { key: 'wall.patternDone', vars: { name: wall.name } };
    });

  const restore = () =>
    run('restore', async () => {
      if (!state) return null;
      await techApi.undo(wallId, state.version, 'calibration done');
      putUp.delete(wallId);
      return { key: 'wall.restoreDone', vars: { name: wall.name } };
    });

  const setLanguage = (lang: 'vi' | 'en') =>
    run('language', async () => {
      storeWall(await techApi.updateWall(wallId, { widgetLanguage: lang }));
      return { key: 'wall.languageDone' };
    });

  const changeEdge = (edge: (typeof EDGES)[number], raw: string) => {
    const v = Math.max(0, Math.min(BEZEL_MAX, Math.round(Number(raw) || 0)));
    const next = { ...bezel, [edge]: v };
    editing.current = true;
    setBezel(next);
    throttle.push(next);
  };
  const endEdit = () => {
    throttle.flush();
    editing.current = false;
  };

  return (
    <section className="panel tech-wall" aria-labelledby="tech-wall-title" data-wall-id={wallId}>
      <h2 id="tech-wall-title">{t('wall.title', { name: wall.name })}</h2>
      <div className="tech-actions">
        <button id="tech-identify" type="button" onClick={identify} disabled={busy === 'identify'} aria-busy={busy === 'identify'}>
          {busy === 'identify' ? t('wall.identifyBusy') : t('wall.identify')}
        </button>
        {!showing ? (
          <button id="tech-pattern" type="button" onClick={() => setConfirming(true)} disabled={busy === 'pattern'} aria-busy={busy === 'pattern'}>
            {busy === 'pattern' ? t('wall.patternBusy') : t('wall.pattern')}
          </button>
        ) : (
          <button id="tech-restore" type="button" onClick={restore} disabled={busy === 'restore'} aria-busy={busy === 'restore'}>
            {busy === 'restore' ? t('wall.restoreBusy') : putUp.get(wallId) === state?.version ? t('wall.restore') : t('wall.patternDown')}
          </button>
        )}
      </div>
      {confirming ? (
        <Confirm id="tech-pattern-confirm" message={t('wall.patternConfirm', { name: wall.name })} confirmLabel={t('wall.patternConfirmButton')} onConfirm={showPattern} onCancel={() => setConfirming(false)} />
      ) : null}
      <ErrorNote error={error} />
      {note ? (
        <p className="info-note" role="status">
          {t(note.key, note.vars)}
        </p>
      ) : null}

      <fieldset className="tech-bezel" onBlur={endEdit} onPointerUp={endEdit} onKeyUp={endEdit}>
        <legend>{t('wall.bezel')}</legend>
        <p className="hint">{showing ? t('wall.bezelHelpShowing') : t('wall.bezelHelp')}</p>
        {EDGES.map((edge) => (
          <div className="tech-bezel-edge" key={edge}>
            <label htmlFor={`tech-bezel-${edge}`}>{t(`wall.edges.${edge}`)}</label>
            <input
              id={`tech-bezel-${edge}-range`}
              type="range"
              min={0}
              max={SLIDER_MAX}
              step={1}
              value={Math.min(SLIDER_MAX, bezel[edge])}
              aria-label={t('wall.edgeSlider', { edge: t(`wall.edges.${edge}`) })}
              onChange={(e) => changeEdge(edge, e.target.value)}
            />
            <input id={`tech-bezel-${edge}`} type="number" min={0} max={BEZEL_MAX} step={1} value={bezel[edge]} onChange={(e) => changeEdge(edge, e.target.value)} />
            <span className="hint">{t('wall.px')}</span>
          </div>
        ))}
        <p className="hint tech-saving" aria-live="polite">
          {bezelSaving ? t('wall.bezelSaving') : t('wall.bezelStored', { left: wall.bezel.left, right: wall.bezel.right, top: wall.bezel.top, bottom: wall.bezel.bottom })}
        </p>
        <ErrorNote error={bezelError} />
      </fieldset>

      <div className="tech-language">
        <label htmlFor="tech-widget-language">{t('wall.widgetLanguage')}</label>
        <select
          id="tech-widget-language"
          value={wall.widgetLanguage ?? ''}
          disabled={busy === 'language'}
          aria-busy={busy === 'language'}
          onChange={(e) => e.target.value && void setLanguage(e.target.value as 'vi' | 'en')}
        >
          {wall.widgetLanguage ? null : (
            <option value="" disabled>
              {t('wall.languageUnset')}
            </option>
          )}
          <option value="vi">{t('wall.languages.vi')}</option>
          <option value="en">{t('wall.languages.en')}</option>
        </select>
      </div>
    </section>
  );
}
