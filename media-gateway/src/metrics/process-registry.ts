import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | null = null;

/**
 * The default process metrics, collected once per OS process whatever number of gateways runs
 * in it (tests run several): prom-client's collectors (a GC observer, an event-loop histogram)
 * are never torn down, so one set per process rather than one per gateway.
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}

/** The process metrics followed by `own`, in the Prometheus text format. */
export async function scrape(own: Registry): Promise<{ contentType: string; body: string }> {
  const merged = Registry.merge([processRegistry(), own]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
