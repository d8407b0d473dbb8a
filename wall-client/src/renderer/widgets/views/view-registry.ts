import { alertTicker } from './alert-ticker';
import { barChart } from './bar-chart';
import { counterBoard } from './counter-board';
import { kpiCards } from './kpi-cards';
import { lineChart } from './line-chart';
import { rankedList } from './ranked-list';
import type { WidgetViewRenderer } from './view-renderer';

/** `source.view` -> renderer. A new view is one entry here, never a branch in the pipe. */
export const WIDGET_VIEWS: ReadonlyMap<string, WidgetViewRenderer> = new Map([
  ['kpi-cards', kpiCards],
  ['bar-chart', barChart],
  ['line-chart', lineChart],
  ['ranked-list', rankedList],
  ['alert-ticker', alertTicker],
  ['counter-board', counterBoard],
]);
