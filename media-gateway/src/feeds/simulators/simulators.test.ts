import { describe, expect, it } from 'vitest';
import { FEED_KINDS, FEED_VALUE_SCHEMAS } from '@ioc/protocol';
import type { FieldReportsValue } from '@ioc/protocol';
import { PILOT, createFieldReportsSimulator } from './field-reports-sim';
import { SIMULATORS } from './simulator';

describe('demo simulators', () => {
  it('seed the field reports with exactly the pilot figures', () => {
    const v = createFieldReportsSimulator(20210517).initial(Date.now()) as FieldReportsValue;
    expect(v.total).toBe(58);
    expect(v.byDistrict['buon-ma-thuot']).toBe(53);
    expect(v.byStatus.resolved).toBe(18);
    // Every seeded report falls in the pilot window.
    expect(v.daily!.reduce((s, d) => s + d.count, 0)).toBe(58);
    expect(v.daily![0]!.date >= '2021-05-17').toBe(true);
    expect(v.daily![v.daily!.length - 1]!.date <= '2021-07-19').toBe(true);
    expect(v.latest.every((r) => r.at >= PILOT.from && r.at <= PILOT.to)).toBe(true);
  });

  it('produce schema-valid values at every step, the same for the same seed', () => {
    for (const kind of FEED_KINDS) {
      const a = SIMULATORS[kind](7);
      const b = SIMULATORS[kind](7);
      let t = Date.UTC(2021, 6, 20);
      expect(FEED_VALUE_SCHEMAS[kind].safeParse(a.initial(t)).success).toBe(true);
      b.initial(t);
      for (let i = 0; i < 300; i++) {
        t += 20_000;
        const v = a.step(t);
        const r = FEED_VALUE_SCHEMAS[kind].safeParse(v);
        if (!r.success) throw new Error(`${kind} step ${i}: ${r.error.message}`);
        expect(b.step(t)).toEqual(v);
      }
    }
  });

  it('let new field reports trickle in', () => {
    const sim = createFieldReportsSimulator(1);
    sim.initial(0);
    let v = sim.step(Date.UTC(2021, 6, 20)) as FieldReportsValue;
    for (let i = 1; i < 20; i++) v = sim.step(Date.UTC(2021, 6, 20) + i * 20_000) as FieldReportsValue;
    expect(v.total).toBeGreaterThan(58);
    expect(v.latest[0]!.at).toBeGreaterThan(PILOT.to);
  });
});
