import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Every metric name starts with this; units end the name (`_seconds`, `_total`, `_usd`). */
export const PREFIX = "assembly_lime_";

// The Remix server bundle and the Express server each load this module: the
// registry lives on globalThis so both observe into one set of metrics.
const holder = globalThis as typeof globalThis & { __assemblyLimeMetrics?: Registry };

/** The process's one registry, with Node's default process metrics. */
export function metricsRegistry(): Registry {
  if (!holder.__assemblyLimeMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: PREFIX });
    holder.__assemblyLimeMetrics = registry;
  }
  return holder.__assemblyLimeMetrics;
}

type Config<T extends string> = { name: string; help: string; labelNames?: readonly T[] };

/** A metric is made once per process; a second bundle's definition gets the same instance. */
function defineMetric<M>(name: string, make: (registry: Registry) => M): M {
  const registry = metricsRegistry();
  return (registry.getSingleMetric(name) as M | undefined) ?? make(registry);
}

export function defineCounter<T extends string>(config: Config<T>) {
  return defineMetric(config.name, (registry) => new Counter<T>({ ...config, registers: [registry] }));
}

export function defineHistogram<T extends string>(config: Config<T> & { buckets: number[] }) {
  return defineMetric(config.name, (registry) => new Histogram<T>({ ...config, registers: [registry] }));
}

/** `collect` runs at scrape time, to set the gauge from state read then (Postgres). */
export function defineGauge<T extends string>(config: Config<T> & { collect?: (this: Gauge<T>) => Promise<void> }) {
  return defineMetric(config.name, (registry) => new Gauge<T>({ ...config, registers: [registry] }));
}
