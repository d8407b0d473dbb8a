import type { FeedKind, FeedValue } from '@ioc/protocol';
import { createFieldReportsSimulator } from './field-reports-sim';
import { createPublicServicesSimulator } from './public-services-sim';
import { createSocAlertsSimulator } from './soc-alerts-sim';
import { createSocioEconomicSimulator } from './socio-economic-sim';

/** Demo data for one feed kind: a seeded initial value, then one change per step. */
export interface FeedSimulator {
  readonly defaultIntervalMs: number;
  initial(now: number): FeedValue;
  step(now: number): FeedValue;
}

export const SIMULATORS: Record<FeedKind, (seed: number) => FeedSimulator> = {
  'field-reports': createFieldReportsSimulator,
  'public-services': createPublicServicesSimulator,
  'socio-economic': createSocioEconomicSimulator,
  'soc-alerts': createSocAlertsSimulator,
};
