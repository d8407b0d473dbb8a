import { Graphics, Text } from 'pixi.js';
import type { TilePipe } from '../tile-pipe';
import { FONT_FAMILY } from '../text-style';
import { TileFrame } from '../tile-frame';

/** HH:MM:SS (and optionally dd/mm/yyyy) in a zone; an unknown zone falls back to local time. */
export function clockFormatter(timeZone?: string, showDate = false): (t: number) => string {
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
  const dateOpts: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
  let time: Intl.DateTimeFormat;
  let date: Intl.DateTimeFormat;
  try {
    time = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone });
    date = new Intl.DateTimeFormat('en-GB', { ...dateOpts, timeZone });
  } catch {
    console.warn(`[wall] unknown time zone ${timeZone ?? ''}; showing local time`);
    time = new Intl.DateTimeFormat('en-GB', opts);
    date = new Intl.DateTimeFormat('en-GB', dateOpts);
  }
  return (t) => (showDate ? `${time.format(t)}\n${date.format(t)}` : time.format(t));
}

export const clockPipe: TilePipe<'clock'> = {
  kind: 'clock',
  create(tile, services) {
    const format = clockFormatter(tile.source.timeZone, tile.source.showDate);
    const frame = new TileFrame();
    const bg = new Graphics();
    const text = new Text({
      text: format(services.now()),
      style: { fontFamily: FONT_FAMILY, fontWeight: '700', fill: 0xf5f7fa, align: 'center' },
    });
    text.anchor.set(0.5);
    frame.content.addChild(bg, text);
    let shown = '';
    const update = (now: number) => {
      // The controller-corrected clock: every screen of a spanning clock ticks together.
      const s = format(now);
      if (s !== shown) text.text = shown = s;
    };
    update(services.now());
    return {
      container: frame.container,
      layout(crop) {
        frame.place(crop);
        const { w, h } = crop.tileSize;
        bg.clear().rect(0, 0, w, h).fill(0x0d1117);
        const lines = tile.source.showDate ? 2 : 1;
        text.style.fontSize = Math.round(Math.max(18, Math.min((h * 0.55) / lines, w / 5.2)));
        text.position.set(w / 2, h / 2);
      },
      tick: update,
      destroy: () => frame.destroy(),
    };
  },
};
