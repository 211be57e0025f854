import type { Gauge } from "prom-client";
import { getLogger } from "../logger";
import { defineCounter, PREFIX } from "./registry";

const collectErrors = defineCounter({
  name: `${PREFIX}metrics_collect_errors_total`,
  help: "Scrape-time reads (Postgres) that failed; their gauges are empty for that scrape.",
  labelNames: ["collector"],
});

/**
 * A scrape-time read that cannot fail the whole scrape: on an error the gauge
 * is emptied (a stale value would look current) and the failure counted.
 */
export function collectSafely<T extends string>(collector: string, read: (gauge: Gauge<T>) => Promise<void>) {
  return async function collect(this: Gauge<T>) {
    try {
      await read(this);
    } catch (error) {
      this.reset();
      collectErrors.inc({ collector });
      getLogger().warn({ err: error, collector }, "metrics collector failed");
    }
  };
}
