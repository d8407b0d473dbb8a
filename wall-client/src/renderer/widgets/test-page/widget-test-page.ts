import { Application, Container, Text } from 'pixi.js';
import type { Tile } from '@ioc/protocol';
import { createFeedClient } from '../../../core/feed-client';
import type { FeedClient } from '../../../core/feed-client';
import type { FeedSubscriber, TileServices, TileView } from '../../tile-pipe';
import { FONT_FAMILY } from '../../text-style';
import { widgetPipe } from '../widget-pipe';

/**
 * A bare page for the widget browser tests: mounts the real widget pipe on a 1920x1080 pixi
 * stage with a static feed (a fake at the network boundary only) and reports what is drawn.
 */
export interface DrawnNode {
  label: string;
  text?: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WidgetTestApi {
  show(args: { source: Tile['source']; label?: string; value: unknown; stale?: boolean; asOf?: number; lang: 'vi' | 'en'; now?: number }): void;
  /** Live mode: the real feed client against a real gateway, frames driven by pixi's ticker. */
  connectFeeds(gatewayUrl: string, token: string): void;
  showLive(args: { source: Tile['source']; lang: 'vi' | 'en' }): void;
  activeFeeds(): string[];
  showText(lines: { text: string; x: number; y: number; family?: string }[]): void;
  nodes(prefix?: string): DrawnNode[];
  texts(): string[];
  renderer(): string;
}
declare global {
  interface Window {
    __widgets?: WidgetTestApi;
  }
}

async function main(): Promise<void> {
  const app = new Application();
  const renderer = new URLSearchParams(location.search).get('renderer') === 'webgl' ? 'webgl' : 'canvas';
  await app.init({ width: 1920, height: 1080, background: '#000000', antialias: true, resolution: 1, preference: renderer });
  document.body.style.margin = '0';
  document.body.appendChild(app.canvas);
  const fonts = document.fonts;
  await Promise.all(['400', '600', '700'].map((w) => fonts.load(`${w} 32px "Be Vietnam Pro"`, 'Aăộ')));
  let view: TileView | null = null;
  let client: FeedClient | null = null;
  app.ticker.add(() => view?.tick?.(Date.now()));
  let extra: Container | null = null;
  const clear = () => {
    view?.destroy();
    view = null;
    extra?.destroy({ children: true });
    extra = null;
  };
  const walk = (node: Container, out: Container[] = []) => {
    if (!node.visible) return out;
    out.push(node);
    for (const c of node.children) walk(c, out);
    return out;
  };
  const mount = (source: Tile['source'], services: TileServices, now: number, label?: string) => {
    const tile = { id: 'w', rect: { x: 0, y: 0, w: 1, h: 1 }, source, z: 0, ...(label ? { label } : {}) } as Tile & { source: { kind: 'widget' } };
    view = widgetPipe.create(tile as never, services);
    app.stage.addChild(view.container);
    const r = { x: 0, y: 0, w: 1920, h: 1080 };
    view.layout({ tileId: 'w', dest: r, src: r, tileSize: { w: 1920, h: 1080 }, z: 0 });
    view.tick?.(now);
    app.render();
  };
  window.__widgets = {
    connectFeeds(gatewayUrl, token) {
      client = createFeedClient({ gatewayUrl, token: () => token });
    },
    showLive({ source, lang }) {
      clear();
      mount(source, { now: () => Date.now(), lang: () => lang, ...(client ? { feeds: client } : {}) }, Date.now());
    },
    activeFeeds: () => client?.activeFeeds() ?? [],
    show({ source, label, value, stale = false, asOf = Date.now(), lang, now = Date.now() }) {
      clear();
      const feeds: FeedSubscriber = {
        subscribe(_id, cb) {
          cb(value, { stale, asOf });
          return () => undefined;
        },
      };
      mount(source, { now: () => now, lang: () => lang, feeds }, now, label);
    },
    showText(lines) {
      clear();
      extra = new Container();
      for (const l of lines) {
        const t = new Text({ text: l.text, style: { fontFamily: l.family ? [l.family] : FONT_FAMILY, fontSize: 96, fill: 0xffffff } });
        t.position.set(l.x, l.y);
        extra.addChild(t);
      }
      app.stage.addChild(extra);
      app.render();
    },
    nodes(prefix = '') {
      return walk(app.stage)
        .filter((n) => (n.label ?? '').startsWith(prefix))
        .map((n) => {
          const b = n.getBounds();
          return { label: n.label ?? '', ...(n instanceof Text ? { text: n.text } : {}), x: b.x, y: b.y, width: b.width, height: b.height };
        });
    },
    texts: () => walk(app.stage).filter((n): n is Text => n instanceof Text).map((t) => t.text),
    renderer: () => app.renderer.name,
  };
}

void main();
