import type { ScreenPosition } from '@ioc/protocol';

export interface BootConfig {
  controllerUrl: string;
  demoPosition: ScreenPosition | undefined;
  renderer: 'webgl' | 'webgpu' | 'canvas' | undefined;
  /** localStorage key prefix; differs per demo position so iframes don't share an identity. */
  storagePrefix: string;
  lang: 'vi' | 'en';
}

/**
 * URL parameters (all optional):
 * - `controller=<url>`: controller base URL (default: the kiosk config, else the page origin);
 * - `wall=<id>&col=<n>&row=<n>`: demo position, honoured only by a controller in demo mode;
 * - `renderer=canvas|webgl|webgpu`: pixi renderer preference (headless tests use canvas);
 * - `lang=vi|en`.
 */
export function resolveBootConfig(input: { search: string; origin: string; kioskControllerUrl?: string }): BootConfig {
  const p = new URLSearchParams(input.search);
  const controllerUrl = input.kioskControllerUrl || p.get('controller') || input.origin;
  const wallId = p.get('wall');
  const col = intParam(p.get('col'));
  const row = intParam(p.get('row'));
  const demoPosition = wallId && /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/.test(wallId) && col !== null && row !== null
    ? { wallId, col, row }
    : undefined;
  const r = p.get('renderer');
  const renderer = r === 'canvas' || r === 'webgl' || r === 'webgpu' ? r : undefined;
  return {
    controllerUrl: controllerUrl.replace(/\/+$/, ''),
    demoPosition,
    renderer,
    storagePrefix: demoPosition ? `ioc-wall:${demoPosition.wallId}:${col}:${row}:` : 'ioc-wall:',
    lang: p.get('lang') === 'en' ? 'en' : 'vi',
  };
}

function intParam(v: string | null): number | null {
  if (v === null || !/^\d{1,2}$/.test(v)) return null;
  return Number(v);
}
