import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | null = null;

/**
 * The default process metrics (CPU, memory, event loop lag, GC, handles), collected once per
 * OS process: they describe the process, whatever number of controllers runs in it (tests run
 * several), and prom-client's collectors (a GC observer, an event-loop histogram) are never torn
 * down, so one set per process rather than one per controller.
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
