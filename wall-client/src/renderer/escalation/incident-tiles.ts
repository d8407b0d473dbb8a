import type { IncidentOverlay, Tile, WallState } from '@ioc/protocol';

/** The escalation's drawing: red frame, reason, timer and queue strip, over its camera. */
export interface IncidentBannerTile extends Omit<Tile, 'source'> {
  source: { kind: 'incident'; incident: IncidentOverlay };
}
export type SceneTile = Tile | IncidentBannerTile;

export const INCIDENT_CAMERA_TILE = '~incident-camera';
export const INCIDENT_BANNER_TILE = '~incident-banner';
/** Above any layout tile (layouts use z in -1000..1000). */
const INCIDENT_Z = 2000;

/**
 * What a screen draws for a state: the layout's tiles untouched, plus, while escalations are
 * open, the top one's camera and banner over the incident area. The layout's tiles are never
 * changed, so closing the last escalation shows exactly what lay beneath. Pure, so every
 * screen of the wall derives the same scene from the same state.
 */
export function sceneTiles(state: WallState): SceneTile[] {
  const incident = state.incident;
  const top = incident?.escalations[0];
  if (!incident || !top) return state.tiles;
  const rect = { ...incident.area };
  return [
    ...state.tiles,
    { id: INCIDENT_CAMERA_TILE, rect, source: { kind: 'camera', cameraId: top.cameraId, stream: 'main' }, z: INCIDENT_Z },
    { id: INCIDENT_BANNER_TILE, rect, source: { kind: 'incident', incident }, z: INCIDENT_Z + 1 },
  ];
}

export const isBanner = (t: SceneTile): t is IncidentBannerTile => t.source.kind === 'incident';
