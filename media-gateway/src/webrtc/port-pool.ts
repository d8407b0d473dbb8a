/** A block of consecutive UDP ports, both ends included: what werift's `icePortRange` takes. */
export type PortBlock = [number, number];

/**
 * The UDP ports of `webrtc.portRange`, handed out to peers in blocks: one port per host address,
 * and a spare.
 *
 * Given the whole range, werift finds a port by binding each one from the first up, one event
 * loop turn per try. The 61st viewer of a gateway paid 60 turns; on a loaded gateway, where every
 * turn waits behind the SRTP of the viewers already playing, one setup took 20–35 s (measured on
 * the demo page's 78 tiles), and as peers had to be set up one at a time, every other screen
 * waited behind it. A peer given its own block of ports that no other peer holds binds at its
 * first try, and peers no longer race for a port, so they are set up side by side.
 *
 * A port another process holds makes werift's bind fail; `cool` keeps such a block out of use
 * for a while so that the next try takes another.
 */
export class PortPool {
  private readonly held = new Set<number>();
  private readonly cooling = new Map<number, number>();
  private cursor: number;

  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly coolMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.cursor = min;
  }

  /** The next free block of `size` ports after the last one handed out; null when none is free. */
  take(size: number): PortBlock | null {
    const span = this.max - this.min + 1;
    if (size < 1 || size > span) return null;
    const now = this.now();
    for (let tried = 0; tried < span; tried++) {
      const first = this.min + ((this.cursor - this.min + tried) % span);
      const last = first + size - 1;
      if (last > this.max) continue;
      if (!this.free(first, last, now)) continue;
      for (let p = first; p <= last; p++) this.held.add(p);
      this.cursor = last + 1 > this.max ? this.min : last + 1;
      return [first, last];
    }
    return null;
  }

  /** Gives a block back; a second call for the same block is harmless. */
  release([first, last]: PortBlock): void {
    for (let p = first; p <= last; p++) this.held.delete(p);
  }

  /** Gives a block back and keeps it out of use for `coolMs` (another process holds a port of it). */
  cool(block: PortBlock): void {
    this.release(block);
    for (let p = block[0]; p <= block[1]; p++) this.cooling.set(p, this.now() + this.coolMs);
  }

  /** Ports handed out and not yet given back. */
  get inUse(): number {
    return this.held.size;
  }

  private free(first: number, last: number, now: number): boolean {
    for (let p = first; p <= last; p++) {
      if (this.held.has(p)) return false;
      const until = this.cooling.get(p);
      if (until !== undefined) {
        if (until > now) return false;
        this.cooling.delete(p);
      }
    }
    return true;
  }
}
