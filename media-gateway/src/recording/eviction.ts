/** What the disk budget knows of one recording. */
export interface ClipUsage {
  id: string;
  bytes: number;
  /** Still recording or finalizing: the clip of an open escalation, never deleted. */
  active: boolean;
  /** When its video ends (stop time, else start): the oldest evidence goes first. */
  endedAt: number;
}

/**
 * The recordings to delete so that everything on disk fits `budgetBytes`: finished ones only,
 * the one that ended longest ago first. Active recordings count towards the total but are
 * never picked, so the answer may leave the total above the budget.
 */
export function pickEvictions(clips: readonly ClipUsage[], budgetBytes: number): string[] {
  let total = clips.reduce((sum, c) => sum + c.bytes, 0);
  const finished = clips
    .filter((c) => !c.active)
    .sort((a, b) => a.endedAt - b.endedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: string[] = [];
  for (const c of finished) {
    if (total <= budgetBytes) break;
    out.push(c.id);
    total -= c.bytes;
  }
  return out;
}
