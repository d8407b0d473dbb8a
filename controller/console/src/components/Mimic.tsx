import { memo, type HTMLAttributes, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { rectToWallPx, screenViewport, wallCanvasSize } from '@ioc/layout-presets';
import type { Rect, ScreenSync, Tile, WallSpec } from '@ioc/protocol';
import { formatAge, formatNumber } from '../i18n';
import { useLive } from '../state/live';
import { useNow } from './use-now';
import { useTileLabel } from './tile-names';

export type ScreenStatus = 'inSync' | 'behind' | 'offline' | 'empty';

/** How one screen of the mimic is coloured: offline and out of sync must be unmistakable. */
export function screenStatus(s: ScreenSync | undefined, version: number): ScreenStatus {
  if (!s) return 'empty';
  if (!s.online) return 'offline';
  return s.inSync && s.ackedVersion === version ? 'inSync' : 'behind';
}

export interface MimicProps {
  wallId: string;
  /** Wraps a tile's box, e.g. to make it a drop target or draggable (operator workspace). */
  wrapTile?: (tile: Tile, box: ReactNode) => ReactNode;
  /** What a tile shows inside its box besides its label, e.g. a live thumbnail. */
  tileContent?: (tile: Tile) => ReactNode;
  /** A click or Enter on a tile (duty officers pick a camera from the mimic). */
  onTileActivate?: (tile: Tile) => void;
  /** Which tiles `onTileActivate` applies to (default: all); the others stay plain. */
  canActivate?: (tile: Tile) => boolean;
  selectedTileId?: string | null;
  /** A tile's label when it has none of its own, e.g. a widget's translated name (default: its ids). */
  labelFor?: (tile: Tile) => string | undefined;
}

/**
 * What `wrapTile` may give the tile's own element by cloning `box` (React 19 passes `ref` as a
 * prop): a ref (dnd-kit measures and listens on the tile itself, which is absolutely placed),
 * extra DOM props (pointer listeners, aria), and extra classes (drop target, being dragged).
 */
export interface MimicTileBinding {
  ref?: Ref<HTMLDivElement>;
  domProps?: HTMLAttributes<HTMLDivElement>;
  extraClass?: string;
}

const pct = (v: number, of: number): string => `${((v / of) * 100).toFixed(4)}%`;

/**
 * A wall drawn to scale with its bezels: each screen with its sync state and health, each tile
 * of the current state with its label, and the open escalation over the command wall.
 */
export const Mimic = memo(function Mimic({ wallId, wrapTile, tileContent, onTileActivate, canActivate, selectedTileId, labelFor: givenLabelFor }: MimicProps) {
  // Widgets by their translated name, clocks and patterns by kind, unless the workspace says otherwise.
  const defaultLabelFor = useTileLabel();
  const labelFor = givenLabelFor ?? defaultLabelFor;
  const { t } = useTranslation();
  const wall = useLive((s) => s.walls.find((w) => w.id === wallId));
  const state = useLive((s) => s.states[wallId] ?? null);
  const sync = useLive((s) => s.sync[wallId]);
  if (!wall) return null;
  const canvas = wallCanvasSize(wall);
  const version = state?.version ?? sync?.version ?? 0;
  const box = (r: { x: number; y: number; w: number; h: number }) => ({
    left: pct(r.x, canvas.w),
    top: pct(r.y, canvas.h),
    width: pct(r.w, canvas.w),
    height: pct(r.h, canvas.h),
  });
  const screens: ReactNode[] = [];
  for (let row = 0; row < wall.rows; row++) {
    for (let col = 0; col < wall.cols; col++) {
      const s = sync?.screens.find((x) => x.col === col && x.row === row);
      screens.push(<MimicScreen key={`${col},${row}`} wall={wall} col={col} row={row} sync={s} version={version} style={box(screenViewport(wall, col, row))} />);
    }
  }
  const top = state?.incident?.escalations[0];
  return (
    <figure
      className="mimic"
      data-wall-id={wallId}
      data-version={state?.version ?? ''}
      data-layout-id={state?.layoutId ?? ''}
      aria-label={t('mimic.wall', { name: wall.name, cols: wall.cols, rows: wall.rows })}>
      <figcaption className="mimic-caption">
        <span className="mimic-name">{wall.name}</span>
        <span className="mimic-version">{state ? t('mimic.version', { version: state.version }) : t('mimic.noLayout')}</span>
      </figcaption>
      <div className="mimic-canvas" style={{ aspectRatio: `${canvas.w} / ${canvas.h}` }}>
        <div className="mimic-glass" aria-hidden="true">
          {screens.map((_, i) => (
            <div key={i} style={box(screenViewport(wall, i % wall.cols, Math.floor(i / wall.cols)))} />
          ))}
        </div>
        <div className="mimic-tiles">
          <MimicTiles
            wall={wall}
            tiles={state?.tiles}
            wrapTile={wrapTile}
            tileContent={tileContent}
            onTileActivate={onTileActivate}
            canActivate={canActivate}
            selectedTileId={selectedTileId}
            labelFor={labelFor}
          />
          {state?.incident && top ? (
            <div className="mimic-incident" data-escalation-id={top.id} data-acknowledged={top.acknowledged} style={box(rectToWallPx(wall, state.incident.area as Rect))}>
              <span>{t('mimic.escalation', { camera: top.cameraName, priority: top.priority })}</span>
            </div>
          ) : null}
        </div>
        <div className="mimic-screens">{screens}</div>
      </div>
    </figure>
  );
});

/**
 * The tiles layer, apart from the screens: sync pushes (up to 10 a second during a switch) redraw
 * the screens' states without re-rendering every tile (hundreds on a 16-up wall).
 */
const MimicTiles = memo(function MimicTiles(
  p: Pick<MimicProps, 'wrapTile' | 'tileContent' | 'onTileActivate' | 'canActivate' | 'selectedTileId' | 'labelFor'> & { wall: WallSpec; tiles: Tile[] | undefined },
) {
  const canvas = wallCanvasSize(p.wall);
  return (
    <>
      {p.tiles?.map((tile) => {
        const r = rectToWallPx(p.wall, tile.rect);
        const inner = (
          <MimicTile
            key={tile.id}
            tile={tile}
            style={{ left: pct(r.x, canvas.w), top: pct(r.y, canvas.h), width: pct(r.w, canvas.w), height: pct(r.h, canvas.h) }}
            selected={tile.id === p.selectedTileId}
            onActivate={p.onTileActivate}
            canActivate={p.canActivate}
            labelFor={p.labelFor}
          >
            {p.tileContent?.(tile)}
          </MimicTile>
        );
        return p.wrapTile ? <WrapKey key={tile.id}>{p.wrapTile(tile, inner)}</WrapKey> : inner;
      })}
    </>
  );
});

function WrapKey({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function MimicScreen(p: { wall: WallSpec; col: number; row: number; sync: ScreenSync | undefined; version: number; style: React.CSSProperties }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const status = screenStatus(p.sync, p.version);
  const hb = p.sync?.lastHeartbeat ?? null;
  const lines = [
    t('mimic.screen', { col: p.col, row: p.row }),
    t(`mimic.screenState.${status}`),
    p.sync ? t('mimic.acked', { acked: p.sync.ackedVersion ?? '–', version: p.version }) : '',
    hb ? t('mimic.heartbeat', { age: formatAge(now - hb.at) }) : p.sync ? t('mimic.noHeartbeat') : '',
    hb ? `${t('mimic.fps', { fps: formatNumber(hb.fps) })} · ${t('mimic.memory', { mb: formatNumber(hb.memoryMb) })}` : '',
  ].filter(Boolean);
  return (
    <div
      className={`mimic-screen status-${status}`}
      data-col={p.col}
      data-row={p.row}
      data-status={status}
      data-screen-id={p.sync?.screenId}
      style={p.style}
    >
      <span className="mimic-screen-badge" title={lines.join('\n')}>
        {status === 'inSync' || status === 'empty' ? '' : t(`mimic.screenState.${status}`)}
        {hb && status !== 'empty' ? <span className="mimic-screen-health">{`${t('mimic.fps', { fps: formatNumber(hb.fps) })} · ${formatAge(now - hb.at)}`}</span> : null}
      </span>
    </div>
  );
}

function tileLabel(tile: Tile, cameraName: (id: string) => string | undefined, kindName: (kind: string) => string): string {
  if (tile.label) return tile.label;
  const s = tile.source;
  if (s.kind === 'camera') return cameraName(s.cameraId) ?? s.cameraId;
  if (s.kind === 'widget') return `${s.feedId} · ${s.view}`;
  if (s.kind === 'label') return s.text;
  return kindName(s.kind);
}

function MimicTile(
  p: {
    tile: Tile;
    style: React.CSSProperties;
    selected: boolean;
    onActivate?: ((tile: Tile) => void) | undefined;
    canActivate?: ((tile: Tile) => boolean) | undefined;
    labelFor?: ((tile: Tile) => string | undefined) | undefined;
    children?: ReactNode;
  } & MimicTileBinding,
) {
  const cameraName = useLive((s) => (p.tile.source.kind === 'camera' ? s.cameras.find((c) => c.id === (p.tile.source as { cameraId: string }).cameraId)?.name : undefined));
  const { t } = useTranslation();
  // Clocks, patterns, web pages and images by kind (`common:mimic.kind.*`; the id until a catalogue has it).
  const label = (!p.tile.label && p.labelFor?.(p.tile)) || tileLabel(p.tile, () => cameraName, (kind) => t(`mimic.kind.${kind}`, { defaultValue: kind }));
  const interactive = Boolean(p.onActivate) && (p.canActivate?.(p.tile) ?? true);
  return (
    <div
      {...p.domProps}
      ref={p.ref}
      className={`mimic-tile kind-${p.tile.source.kind}${p.selected ? ' selected' : ''}${p.extraClass ? ` ${p.extraClass}` : ''}`}
      data-tile-id={p.tile.id}
      data-source-kind={p.tile.source.kind}
      data-camera-id={p.tile.source.kind === 'camera' ? p.tile.source.cameraId : undefined}
      style={p.style}
      role={interactive ? 'button' : undefined}
      tabIndex={interactive ? 0 : undefined}
      aria-pressed={interactive ? p.selected : undefined}
      aria-label={label}
      onClick={interactive ? () => p.onActivate?.(p.tile) : undefined}
      onKeyDown={interactive ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), p.onActivate?.(p.tile)) : undefined}
    >
      {p.children}
      <span className="mimic-tile-label">{label}</span>
    </div>
  );
}
