import { describe, expect, it } from 'vitest';
import { screenHealthText } from './screen-health-text';

describe('screenHealthText', () => {
  it('says fps, renderer, video tiles by state and the last error', () => {
    const text = screenHealthText({
      at: 1,
      fps: 59.6,
      memoryMb: 200,
      renderer: 'canvas',
      tiles: [
        { tileId: 'a', cameraId: 'a', state: 'playing', transport: 'hls', latencyMs: 1500 },
        { tileId: 'b', cameraId: 'b', state: 'lost', transport: 'webrtc', latencyMs: null },
        { tileId: 'c', cameraId: 'c', state: 'playing', transport: 'webrtc', latencyMs: 80 },
      ],
      lastError: { message: 'WebGL context lost', at: 2 },
    });
    expect(text).toBe(', 60 fps, canvas, video: 2 playing, 1 lost, last error: WebGL context lost');
  });

  it('says only fps for an older screen, and nothing before a first heartbeat', () => {
    expect(screenHealthText({ at: 1, fps: 30, memoryMb: 1 })).toBe(', 30 fps');
    expect(screenHealthText(null)).toBe('');
  });
});
