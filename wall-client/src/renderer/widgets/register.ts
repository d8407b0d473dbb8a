import { registerPipe } from '../tiles/registry';
import { widgetPipe } from './widget-pipe';

/** Imported once from tiles/index.ts: adds the widget kind to the tile-kind map. */
registerPipe(widgetPipe);
