import type { ScreenHealth } from '@ioc/protocol';

/**
 * A screen's last heartbeat in a few words for the mini-map's tooltip: fps, renderer, and its
 * video tiles by state ("2 playing, 1 lost"), so a technician sees a struggling screen from the
 * console.
 */
export function screenHealthText(health: ScreenHealth | null): string {
  if (!health) return '';
  const parts = [`${Math.round(health.fps)} fps`];
  if (health.renderer) parts.push(health.renderer);
  const counts = new Map<string, number>();
  for (const t of health.tiles ?? []) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const tiles = ['playing', 'starting', 'stalled', 'lost'].filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  if (tiles.length > 0) parts.push(`video: ${tiles.join(', ')}`);
  if (health.lastError) parts.push(`last error: ${health.lastError.message.slice(0, 80)}`);
  return `, ${parts.join(', ')}`;
}
