import os from "node:os";
import { createRun } from "../../server/services/agent-runs/create-run";
import { runFinished } from "../helpers/wait";
import { percentile, report } from "./harness";
import { queueWaits, startRunBench } from "./run-bench";

/**
 * bench:dispatch — create → running for 200 runs: `createRun` commits the run
 * and its pg-boss job together; a worker in this process (LISTEN/NOTIFY wake-up)
 * claims it. Measured on the database clock: the `queued` event's commit
 * transaction start to the `running` one's. Prints `name=value` lines.
 */
const RUNS = 200;
const RATE_PER_S = 10;

const bench = await startRunBench({
  scripts: [{ name: "instant", turns: [{ toolCalls: [{ name: "finish", input: { summary: "ok" } }] }] }],
  concurrency: 4,
  tenantName: "Dispatch",
});
try {
  const { tenantId, userId } = bench;
  const ids: number[] = [];
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const due = started + (i * 1000) / RATE_PER_S;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const run = await createRun({
      tenantId,
      userId,
      provider: "claude",
      mode: "plan",
      prompt: `[[script:instant:${i}]]`,
    });
    ids.push(run.id);
  }
  // Wait for every run to finish, then read both status events' timestamps.
  for (const id of ids) await runFinished(tenantId, id, { timeoutMs: 60_000 });
  const { waits: latencies, failed } = await queueWaits(ids);
  report("cores", os.availableParallelism());
  report("dispatch_runs", ids.length);
  report("dispatch_failed", failed);
  report("dispatch_p50_ms", percentile(latencies, 50));
  report("dispatch_p99_ms", percentile(latencies, 99));
  report("dispatch_max_ms", latencies[latencies.length - 1] ?? NaN);
} finally {
  await bench.stop();
}
