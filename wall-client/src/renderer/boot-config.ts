import type { ScreenPosition } from '@ioc/protocol';

export interface BootConfig {
  controllerUrl: string;
  demoPosition: ScreenPosition | undefined;
  renderer: 'webgl' | 'webgpu' | 'canvas' | undefined;
  /** localStorage key prefix; differs per demo position so iframes don't share an identity. */
  storagePrefix: string;
  lang: 'vi' | 'en';
  /** Frame cap (ticker.maxFPS); 0 = the display's rate. Lets many test pages share a CPU. */
  maxFps: number;
}

/**
 * URL parameters (all optional):
 * - `controller=<url>`: controller base URL (default: the kiosk config, else the page origin);
 * - `wall=<id>&col=<n>&row=<n>`: demo position, honoured only by a controller in demo mode;
 * - `renderer=canvas|webgl|webgpu`: pixi renderer preference (headless tests use canvas);
 * - `lang=vi|en`: the widgets' language when the wall has none set (its `widgetLanguage` wins);
 * - `fps=<n>`: cap the frame rate (switches still land on the activation frame).
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
    maxFps: Math.min(240, Number(/^\d{1,3}$/.test(p.get('fps') ?? '') ? p.get('fps') : 0)),
  };
}

function intParam(v: string | null): number | null {
  if (v === null || !/^\d{1,2}$/.test(v)) return null;
  return Number(v);
}
