import { compareEscalations, type Escalation, type IncidentOverlay, type Rect, type Tile } from '@ioc/protocol';

/**
 * The incident overlay a wall state carries: the open escalations in queue order (highest
 * priority, then the oldest), over the layout's `role: 'incident'` tile or the default area.
 * Pure: the same inputs give the same overlay, whichever command asked.
 */
export function composeIncident(
  open: readonly Escalation[],
  tiles: readonly Tile[],
  defaultArea: Rect,
  cameraName: (cameraId: string) => string,
): IncidentOverlay | null {
  const active = open.filter((e) => e.state !== 'closed').sort(compareEscalations);
  if (active.length === 0) return null;
  const area = tiles.find((t) => t.role === 'incident')?.rect ?? defaultArea;
  return {
    area: { ...area },
    escalations: active.slice(0, 100).map((e) => ({
      id: e.id,
      cameraId: e.cameraId,
      cameraName: cameraName(e.cameraId).slice(0, 120),
      reason: e.reason,
      priority: e.priority,
      createdBy: e.createdBy,
      createdAt: e.createdAt,
      acknowledged: e.state === 'acknowledged',
    })),
  };
}
