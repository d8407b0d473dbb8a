import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config';

const secret = 's'.repeat(32);

describe('loadGatewayConfig', () => {
  it('fills defaults', () => {
    const c = loadGatewayConfig({ media: { secret } }, {});
    expect(c.http.port).toBe(8090);
    expect(c.hls).toMatchObject({ segmentSeconds: 1, listSize: 4, startWaitMs: 10_000 });
    expect(c.hls.dir).toContain('ioc-media-gateway-');
    expect(c.streams.idleTimeoutMs).toBe(30_000);
    expect(c.watchdog).toMatchObject({ stallMs: 5_000, backoffMs: { initial: 500, max: 2_000 } });
    expect(c.controller.url).toBeNull();
    expect(c.demo.cameras).toBe(true);
    expect(c.ffmpeg.path).toBeUndefined();
    expect(c.recording).toEqual({ dir: `${c.hls.dir}-recordings`, preRollSeconds: 30, maxSeconds: 7_200, budgetBytes: 20 * 2 ** 30 });
  });

  it('keeps recordings next to a configured hls.dir unless recording.dir is given', () => {
    expect(loadGatewayConfig({ media: { secret }, hls: { dir: '/var/lib/ioc/hls/' } }, {}).recording.dir).toBe('/var/lib/ioc/hls-recordings');
    expect(loadGatewayConfig({ media: { secret }, hls: { dir: '/a' }, recording: { dir: '/b' } }, {}).recording.dir).toBe('/b');
    expect(loadGatewayConfig({ media: { secret } }, { IOC_HLS_DIR: '/h', IOC_RECORDING_DIR: '/r' }).recording.dir).toBe('/r');
  });

  it('applies environment overrides', () => {
    const c = loadGatewayConfig({}, {
      IOC_GATEWAY_PORT: '9001',
      IOC_MEDIA_SECRET: secret,
      IOC_FFMPEG_PATH: '/opt/ffmpeg',
      IOC_DEMO_CAMERAS: 'false',
      IOC_CONTROLLER_URL: 'http://ctl:8080',
    });
    expect(c.http.port).toBe(9001);
    expect(c.media.secret).toBe(secret);
    expect(c.ffmpeg.path).toBe('/opt/ffmpeg');
    expect(c.demo.cameras).toBe(false);
    expect(c.controller.url).toBe('http://ctl:8080');
  });

  it('names the offending key', () => {
    expect(() => loadGatewayConfig({}, {})).toThrow(/media/);
    expect(() => loadGatewayConfig({ media: { secret: 'short' } }, {})).toThrow(/media\.secret/);
    expect(() => loadGatewayConfig({ media: { secret } }, { IOC_GATEWAY_PORT: 'abc' })).toThrow(/http\.port/);
    expect(() => loadGatewayConfig({ media: { secret }, hls: { listSize: 1 } }, {})).toThrow(/hls\.listSize/);
    expect(() => loadGatewayConfig({ media: { secret }, hls: { bogus: 1 } }, {})).toThrow(/hls/);
    expect(() => loadGatewayConfig({ media: { secret }, cameras: [{ id: 'c1', name: 'x', main: 'http://a' }] }, {})).toThrow(/cameras\[0\]\.main/);
    expect(() => loadGatewayConfig({ media: { secret }, watchdog: { backoffMs: { initial: 10, max: 1 } } }, {})).toThrow(/watchdog\.backoffMs/);
    for (const [key, value] of [['preRollSeconds', 301], ['preRollSeconds', -1], ['maxSeconds', 5], ['maxSeconds', 86_401], ['budgetBytes', 1000], ['budgetBytes', 1.5], ['dir', '']] as const) {
      expect(() => loadGatewayConfig({ media: { secret }, recording: { [key]: value } }, {})).toThrow(new RegExp(`recording\\.${key}`));
    }
    expect(() => loadGatewayConfig({ media: { secret }, recording: { keepForever: true } }, {})).toThrow(/recording/);
  });
});
