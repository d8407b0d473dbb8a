import { describe, expect, it } from 'vitest';
import { PortPool } from './port-pool';

describe('PortPool', () => {
  it('hands out blocks no other peer holds, in turn through the range, and takes them back', () => {
    const pool = new PortPool(40000, 40009);
    const a = pool.take(1)!;
    const b = pool.take(2)!;
    expect(a).toEqual([40000, 40000]);
    expect(b).toEqual([40001, 40002]);
    expect(pool.inUse).toBe(3);
    pool.release(a);
    pool.release(a);
    expect(pool.inUse).toBe(2);
    // In turn: a port given back is reused only after the rest of the range.
    expect(pool.take(1)).toEqual([40003, 40003]);
  });

  it('goes round the range, skips held ports, and says null when no block fits', () => {
    const pool = new PortPool(100, 104);
    const blocks = [pool.take(2)!, pool.take(2)!];
    expect(blocks).toEqual([[100, 101], [102, 103]]);
    // 104 alone cannot hold two ports, and the range does not wrap inside a block.
    expect(pool.take(2)).toBeNull();
    expect(pool.take(1)).toEqual([104, 104]);
    pool.release(blocks[0]!);
    expect(pool.take(2)).toEqual([100, 101]);
    expect(pool.take(1)).toBeNull();
    expect(pool.take(6)).toBeNull();
    expect(pool.take(0)).toBeNull();
  });

  it('keeps a block that another process holds out of use while it cools', () => {
    let now = 0;
    const pool = new PortPool(1, 3, 1000, () => now);
    const busy = pool.take(1)!;
    pool.cool(busy);
    expect(pool.inUse).toBe(0);
    expect([pool.take(1), pool.take(1), pool.take(1)]).toEqual([[2, 2], [3, 3], null]);
    pool.release([2, 2]);
    now = 1000;
    expect(pool.take(1)).toEqual([1, 1]);
  });
});
