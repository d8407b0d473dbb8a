import { describe, expect, it } from 'vitest';
import { DEMO_FEED_IDS, parseFeedsConfig } from './feed-config';
import { applyMapping } from './path-mapping';

describe('feeds config', () => {
  it('uses one demo feed per kind when none is configured', () => {
    expect(parseFeedsConfig(undefined).feeds.map((f) => f.id)).toEqual([...DEMO_FEED_IDS]);
    expect(parseFeedsConfig({}).webhookBodyLimitBytes).toBe(256 * 1024);
  });

  it('stops start-up with a message naming the bad key', () => {
    expect(() => parseFeedsConfig({ feeds: [{ id: 'x', kind: 'soc-alerts', adapter: { type: 'http', url: 'ftp://a' } }] })).toThrow(
      /feeds\.feeds\[0\]\.adapter\.url: must be an http\(s\) URL/,
    );
    expect(() => parseFeedsConfig({ feeds: [{ id: 'x', kind: 'soc-alerts', adapter: { type: 'webhook', token: 'short' } }] })).toThrow(
      /feeds\.feeds\[0\]\.adapter\.token/,
    );
    expect(() => parseFeedsConfig({ feedz: [] })).toThrow(/feedz/);
    const dup = { id: 'x', kind: 'soc-alerts', adapter: { type: 'demo' } };
    expect(() => parseFeedsConfig({ feeds: [dup, dup] })).toThrow(/feeds\.feeds\[1\]\.id: duplicate feed id "x"/);
  });

  it('maps upstream fields, arrays and JSON pointers to our schema', () => {
    const doc = { meta: { n: 3 }, 'a/b': 1, items: [{ ma: 'PA-1', loai: 'wastewater' }] };
    expect(
      applyMapping(doc, { total: 'meta.n', 'x.y': '/a~1b', latest: { from: 'items', each: { id: 'ma', category: 'loai' } } }),
    ).toEqual({ total: 3, x: { y: 1 }, latest: [{ id: 'PA-1', category: 'wastewater' }] });
    expect(() => applyMapping(doc, { '__proto__.polluted': 'meta.n' })).toThrow(/forbidden/);
  });
});
