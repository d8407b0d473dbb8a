import { Container, Graphics } from 'pixi.js';
import { FeedValueSchema } from '@ioc/protocol';
import type { FeedValue } from '@ioc/protocol';
import type { TilePipe } from '../tile-pipe';
import { TileFrame } from '../tile-frame';
import { LABELS, formatHhMm } from './labels';
import type { Lang } from './labels';
import { THEME, typeScale } from './theme';
import { modelOf } from './view-model';
import { WIDGET_VIEWS } from './views/view-registry';
import { fitWidth, makeText } from './views/view-renderer';
import type { DrawnView } from './views/view-renderer';

const FIRST_VALUE_WAIT_MS = 1500;

/**
 * `{kind:'widget', feedId, view}`: a dashboard tile. It subscribes to its feed while it lives,
 * turns each value into a kind-agnostic model and hands that to the view's renderer. A stale
 * feed keeps its last picture and says how old it is.
 */
export const widgetPipe: TilePipe<'widget'> = {
  kind: 'widget',
  create(tile, services) {
    const { feedId, view } = tile.source;
    const options = tile.source.options ?? {};
    const timeZone = typeof options.timeZone === 'string' ? options.timeZone : undefined;
    const frame = new TileFrame();
    const root = new Container();
    root.label = 'widget';
    frame.content.addChild(root);
    let size = { w: 0, h: 0 };
    let value: FeedValue | null = null;
    let meta: { stale: boolean; asOf: number } = { stale: false, asOf: 0 };
    let drawn: DrawnView | null = null;
    let drawnLang: Lang = services.lang();
    let firstValue: () => void = () => undefined;
    const gotFirst = new Promise<void>((r) => (firstValue = r));

    const redraw = () => {
      const { w, h } = size;
      if (w <= 0 || h <= 0) return;
      for (const c of root.removeChildren()) c.destroy({ children: true });
      drawn = null;
      drawnLang = services.lang();
      const L = LABELS[drawnLang];
      const ts = typeScale(w, h);
      root.addChild(new Graphics().rect(0, 0, w, h).fill(THEME.background).stroke({ width: Math.max(2, ts.u * 3), color: THEME.grid, alignment: 1 }));
      const headerH = ts.title * 1.5;
      const title = makeText(tile.label ?? (value ? L.feeds[value.kind] : feedId), ts.title, { weight: '700', label: 'widget-title' });
      title.anchor.set(0, 0.5);
      title.position.set(ts.pad, ts.pad * 0.5 + headerH / 2);
      root.addChild(title);
      let titleMax = w - ts.pad * 2;
      if (value && meta.stale) {
        const badge = new Container();
        badge.label = 'stale-badge';
        const text = makeText(L.dataAsOf(formatHhMm(meta.asOf, timeZone)), ts.body, { color: THEME.staleText, weight: '700', label: 'stale-text' });
        const bw = text.width + ts.pad;
        const bh = text.height + ts.pad * 0.4;
        badge.addChild(new Graphics().roundRect(0, 0, bw, bh, bh * 0.2).fill(THEME.staleBg), text);
        text.position.set(ts.pad / 2, ts.pad * 0.2);
        badge.position.set(w - ts.pad - bw, ts.pad * 0.5 + (headerH - bh) / 2);
        root.addChild(badge);
        titleMax -= bw + ts.pad;
      }
      fitWidth(title, titleMax);
      const box = { x: ts.pad, y: ts.pad + headerH, w: w - ts.pad * 2, h: h - headerH - ts.pad * 2 };
      const message = (text: string) => {
        const t = makeText(text, ts.big, { color: THEME.muted, wrap: box.w, align: 'center', label: 'widget-message' });
        t.anchor.set(0.5);
        t.position.set(w / 2, box.y + box.h / 2);
        root.addChild(t);
      };
      if (!services.feeds) return message(L.noFeedService);
      if (!value) return message(L.waiting);
      const renderer = WIDGET_VIEWS.get(view);
      const body = new Container();
      body.label = `view:${view}`;
      root.addChild(body);
      drawn = renderer
        ? renderer.draw(body, modelOf(value, { lang: drawnLang, labels: L, options }), { box, ts, labels: L, lang: drawnLang, now: services.now, timeZone })
        : null;
      if (!drawn) message(L.viewNotAvailable(view));
    };

    const unsubscribe = services.feeds?.subscribe(feedId, (raw, m) => {
      const parsed = FeedValueSchema.safeParse(raw);
      // The gateway validates every value; a mismatch here means a version skew: keep the last picture.
      if (!parsed.success) return;
      value = parsed.data;
      meta = m;
      redraw();
      firstValue();
    });

    // Text rasterised before the bundled face arrives would keep a fallback font: draw again once it has.
    let alive = true;
    if (typeof document !== 'undefined' && document.fonts && document.fonts.status !== 'loaded') {
      void document.fonts.ready.then(() => alive && redraw());
    }

    return {
      container: frame.container,
      layout(crop) {
        frame.place(crop);
        if (crop.tileSize.w === size.w && crop.tileSize.h === size.h) return;
        size = { ...crop.tileSize };
        redraw();
      },
      tick() {
        if (services.lang() !== drawnLang) redraw();
        drawn?.tick?.(services.now());
      },
      ready: () =>
        services.feeds ? Promise.race([gotFirst, new Promise<void>((r) => setTimeout(r, FIRST_VALUE_WAIT_MS))]) : Promise.resolve(),
      destroy() {
        alive = false;
        unsubscribe?.();
        frame.destroy();
      },
    };
  },
};
