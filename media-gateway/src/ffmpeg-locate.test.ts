import { describe, expect, it } from 'vitest';
import { locateFfmpeg, type LocateDeps } from './ffmpeg-locate';

function deps(working: Record<string, string>, extra: Partial<LocateDeps> = {}): LocateDeps {
  return {
    envPath: '/opt/a:/opt/b',
    isExecutable: async (p) => p in working || p === '/opt/b/ffmpeg',
    probe: async (p) => {
      const v = working[p];
      if (!v) throw new Error(`spawn ${p} ENOENT`);
      return `ffmpeg version ${v} Copyright`;
    },
    bundledPath: async () => '/nm/@ffmpeg-installer/linux-x64/ffmpeg',
    ...extra,
  };
}

describe('locateFfmpeg', () => {
  it('prefers the configured path', async () => {
    const r = await locateFfmpeg(deps({ '/cfg/ffmpeg': '6.0', '/opt/a/ffmpeg': '5.1', '/nm/@ffmpeg-installer/linux-x64/ffmpeg': '4.1' }, { configuredPath: '/cfg/ffmpeg' }));
    expect(r.found).toEqual({ path: '/cfg/ffmpeg', origin: 'config', version: '6.0' });
  });

  it('falls back to the system when the configured path is broken, and says why', async () => {
    const r = await locateFfmpeg(deps({ '/opt/a/ffmpeg': '5.1' }, { configuredPath: '/missing/ffmpeg' }));
    expect(r.found).toEqual({ path: '/opt/a/ffmpeg', origin: 'system', version: '5.1' });
    expect(r.tried[0]).toMatchObject({ path: '/missing/ffmpeg', origin: 'config', error: expect.stringContaining('ENOENT') });
  });

  it('searches PATH in order, then /usr/bin, then the bundled binary', async () => {
    expect((await locateFfmpeg(deps({ '/usr/bin/ffmpeg': '5.1', '/nm/@ffmpeg-installer/linux-x64/ffmpeg': '4.1' }))).found?.path).toBe('/usr/bin/ffmpeg');
    const r = await locateFfmpeg(deps({ '/nm/@ffmpeg-installer/linux-x64/ffmpeg': '4.1' }));
    expect(r.found).toEqual({ path: '/nm/@ffmpeg-installer/linux-x64/ffmpeg', origin: 'bundled', version: '4.1' });
    // /opt/b/ffmpeg exists but is not ffmpeg: rejected with a reason, not silently used.
    expect(r.tried.find((t) => t.path === '/opt/b/ffmpeg')?.error).toBeDefined();
  });

  it('reports nothing found', async () => {
    const r = await locateFfmpeg(deps({}, { bundledPath: async () => undefined }));
    expect(r.found).toBeNull();
  });

  it('finds the real system ffmpeg on this machine', async () => {
    const r = await locateFfmpeg({});
    expect(r.found?.origin).toBe('system');
    expect(r.found?.version).toMatch(/^\d+\.\d+/);
  });
});
