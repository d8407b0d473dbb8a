import { describe, expect, it } from 'vitest';
import { chooseRenderer } from './pick-renderer';

describe('chooseRenderer', () => {
  it('honours an explicit ?renderer=', () => {
    expect(chooseRenderer('webgl', { fastContext: false, rendererName: '' })).toEqual({ preference: 'webgl', reason: 'requested' });
    expect(chooseRenderer('canvas', { fastContext: true, rendererName: 'ANGLE (NVIDIA)' }).preference).toBe('canvas');
  });
  it('uses WebGL on a GPU', () => {
    expect(chooseRenderer(undefined, { fastContext: true, rendererName: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)' }).preference).toBe('webgl');
  });
  it('falls back to canvas when the browser refuses a fast context (software or blocklisted GPU)', () => {
    const c = chooseRenderer(undefined, { fastContext: false, rendererName: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)' });
    expect(c.preference).toBe('canvas');
    expect(c.reason).toMatch(/software WebGL/);
  });
  it('falls back to canvas on a software rasteriser even if the browser calls it fast', () => {
    expect(chooseRenderer(undefined, { fastContext: true, rendererName: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).preference).toBe('canvas');
  });
  it('falls back to canvas without WebGL at all', () => {
    expect(chooseRenderer(undefined, { fastContext: false, rendererName: '' })).toEqual({ preference: 'canvas', reason: 'no WebGL' });
  });
});
