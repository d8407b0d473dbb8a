import { describe, expect, it } from 'vitest';
import { resolveBootConfig } from './boot-config';

describe('boot config', () => {
  it('defaults to the page origin and a shared storage prefix', () => {
    const c = resolveBootConfig({ search: '', origin: 'http://ctl:8080' });
    expect(c).toMatchObject({ controllerUrl: 'http://ctl:8080', demoPosition: undefined, renderer: undefined, storagePrefix: 'ioc-wall:' });
  });

  it('prefers the kiosk config, then the controller param', () => {
    expect(resolveBootConfig({ search: '?controller=http://a:1/', origin: 'http://o', kioskControllerUrl: 'http://k:2' }).controllerUrl).toBe('http://k:2');
    expect(resolveBootConfig({ search: '?controller=http://a:1/', origin: 'http://o' }).controllerUrl).toBe('http://a:1');
  });

  it('reads a demo position and keys storage by it, so iframes keep separate identities', () => {
    const a = resolveBootConfig({ search: '?wall=monitoring&col=3&row=2&renderer=canvas', origin: 'http://o' });
    const b = resolveBootConfig({ search: '?wall=monitoring&col=4&row=2', origin: 'http://o' });
    expect(a.demoPosition).toEqual({ wallId: 'monitoring', col: 3, row: 2 });
    expect(a.renderer).toBe('canvas');
    expect(a.storagePrefix).not.toBe(b.storagePrefix);
  });

  it('ignores malformed positions and renderers', () => {
    const c = resolveBootConfig({ search: '?wall=../x&col=-1&row=a&renderer=svg', origin: 'http://o' });
    expect(c.demoPosition).toBeUndefined();
    expect(c.renderer).toBeUndefined();
  });

  it('caps the frame rate only when asked', () => {
    expect(resolveBootConfig({ search: '?fps=30', origin: 'http://o' }).maxFps).toBe(30);
    expect(resolveBootConfig({ search: '?fps=fast', origin: 'http://o' }).maxFps).toBe(0);
  });
});
