import { describe, expect, it } from 'vitest';
import { ApplyLayoutSchema, AppError, parseOrThrow, SourceSchema, TileSchema } from './index';

describe('protocol', () => {
  it('refuses an applyLayout with both layoutId and tiles', () => {
    const r = ApplyLayoutSchema.safeParse({ wallId: 'command', layoutId: 'a', tiles: [] });
    expect(r.success).toBe(false);
  });
  it('names the offending field of a tile', () => {
    try {
      parseOrThrow(TileSchema, { id: 't1', rect: { x: 0, y: 0, w: -1, h: 1 }, source: { kind: 'label', text: 'x' } }, 'tile');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
      expect((e as AppError).message).toContain('rect.w');
    }
  });
  it('rejects unknown source kinds', () => {
    expect(SourceSchema.safeParse({ kind: 'flash' }).success).toBe(false);
  });
  it('rejects javascript: urls in web sources', () => {
    expect(SourceSchema.safeParse({ kind: 'web', url: 'javascript:alert(1)' }).success).toBe(false);
  });
});
