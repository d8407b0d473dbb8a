import { Graphics, Text } from 'pixi.js';
import type { IncidentOverlay } from '@ioc/protocol';
import type { TileServices, TileView } from '../tile-pipe';
import { FONT_FAMILY } from '../text-style';
import { TileFrame } from '../tile-frame';
import { frameAlpha, headline, queueLine } from './incident-text';

const RED = 0xe0241b;

/**
 * The escalation's frame and captions over its camera, drawn in tile space so that a banner
 * spanning 2x2 screens continues across the bezels. Only the frame's alpha and the timer
 * change per frame; everything else is drawn once per state.
 */
export function createIncidentBanner(incident: IncidentOverlay, services: TileServices): TileView {
  const top = incident.escalations[0]!;
  const waiting = incident.escalations.slice(1);
  const frame = new TileFrame();
  const border = new Graphics();
  const bar = new Graphics();
  const strip = new Graphics();
  const style = { fontFamily: FONT_FAMILY, fill: 0xffffff };
  const title = new Text({ text: '', style: { ...style, fontWeight: '700' } });
  const reason = new Text({ text: '', style: { ...style, fontWeight: '600', wordWrap: true, breakWords: true } });
  const meta = new Text({ text: '', style: { ...style, fontWeight: '500', fill: 0xffe3e0 } });
  const queue = new Text({ text: '', style: { ...style, fontWeight: '500' } });
  frame.content.addChild(border, bar, strip, title, reason, meta, queue);
  let shownMeta = '';
  let shownQueue = '';

  const refresh = (now: number) => {
    border.alpha = frameAlpha(top.acknowledged, now);
    const lines = headline(top, now, services.lang());
    if (lines.meta !== shownMeta) meta.text = shownMeta = lines.meta;
    const q = queueLine(waiting, now, services.lang());
    if (q !== shownQueue) queue.text = shownQueue = q;
  };

  return {
    container: frame.container,
    layout(crop) {
      frame.place(crop);
      const { w, h } = crop.tileSize;
      const edge = Math.max(12, Math.round(Math.min(w, h) * 0.012));
      const barH = Math.round(Math.min(Math.max(h * 0.13, 110), 320));
      const stripH = waiting.length > 0 ? Math.round(Math.min(Math.max(h * 0.06, 56), 160)) : 0;
      border.clear().rect(edge / 2, edge / 2, w - edge, h - edge).stroke({ width: edge, color: RED, alignment: 0.5 });
      const pad = edge + barH * 0.08;
      const lines = headline(top, services.now(), services.lang());
      title.text = lines.title;
      title.style.fontSize = Math.round(barH * 0.3);
      title.position.set(pad, edge + barH * 0.06);
      meta.style.fontSize = Math.round(barH * 0.2);
      meta.anchor.set(1, 0);
      meta.position.set(w - pad, edge + barH * 0.1);
      reason.text = lines.reason;
      reason.style.fontSize = Math.round(barH * 0.24);
      reason.style.wordWrapWidth = w - 2 * pad;
      reason.position.set(pad, edge + barH * 0.5);
      // A long reason wraps; the bar grows under it rather than letting it run over the video.
      const barBottom = Math.max(edge + barH, reason.y + reason.height + barH * 0.08);
      bar.clear().rect(edge, edge, w - 2 * edge, barBottom - edge).fill({ color: 0x5c0a06, alpha: 0.82 });
      strip.clear();
      if (stripH > 0) strip.rect(edge, h - edge - stripH, w - 2 * edge, stripH).fill({ color: 0x111827, alpha: 0.85 });
      queue.style.fontSize = Math.round(stripH * 0.45);
      queue.position.set(pad, h - edge - stripH + stripH * 0.22);
      shownMeta = '';
      shownQueue = '';
      refresh(services.now());
      // The banner spans several screens; each draws only the captions on its part, so a screen
      // never rasterizes text it would mask away (the bottom row skips the bar, the top the strip).
      const { src } = crop;
      const shows = (t: Text) => {
        const x = t.x - t.anchor.x * t.width;
        return x < src.x + src.w && x + t.width > src.x && t.y < src.y + src.h && t.y + t.height > src.y;
      };
      for (const t of [title, meta, reason]) t.visible = shows(t);
      queue.visible = stripH > 0 && shows(queue);
    },
    tick: (now) => refresh(now),
    destroy: () => frame.destroy(),
  };
}
