import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Source, Tile } from '@ioc/protocol';

export interface WidgetParts {
  /** The service the feed comes from, e.g. "Field reports". */
  feed: string;
  /** The view and what it shows, e.g. "Ranked list by district". */
  what: string;
}

/** A widget's name in the UI language: its feed, its view, and its options (grouping, indicator). */
export function useWidgetParts(): (feedId: string, view: string, source?: Source) => WidgetParts {
  const { t } = useTranslation('operator');
  return useCallback(
    (feedId: string, view: string, source?: Source) => {
      const options = source?.kind === 'widget' ? (source.options ?? {}) : {};
      const extra: string[] = [];
      const by = options.groupBy ?? options.by;
      if (typeof by === 'string') extra.push(t(`groupBy.${by}`, { defaultValue: by }));
      if (typeof options.indicator === 'string') extra.push(t(`indicator.${options.indicator}`, { defaultValue: options.indicator }));
      return {
        feed: t(`feeds.${feedId}`, { defaultValue: feedId }),
        what: [t(`views.${view}`, { defaultValue: view }), ...extra].join(' '),
      };
    },
    [t],
  );
}

export function useWidgetName(): (feedId: string, view: string, source?: Source) => string {
  const parts = useWidgetParts();
  return useCallback(
    (feedId: string, view: string, source?: Source) => {
      const p = parts(feedId, view, source);
      return `${p.feed}: ${p.what}`;
    },
    [parts],
  );
}

/** The mimic's label for a tile without its own: widgets by their translated name, clocks and patterns by kind. */
export function useTileLabel(): (tile: Tile) => string | undefined {
  const { t } = useTranslation('operator');
  const widgetName = useWidgetName();
  return useCallback(
    (tile: Tile) => {
      const s = tile.source;
      if (s.kind === 'widget') return widgetName(s.feedId, s.view, s);
      if (s.kind === 'clock' || s.kind === 'test-pattern' || s.kind === 'web' || s.kind === 'image') return t(`kinds.${s.kind}`);
      return undefined;
    },
    [t, widgetName],
  );
}
