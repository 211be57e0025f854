import os from "node:os";
import { createRun } from "../../server/services/agent-runs/create-run";
import { runFinished } from "../helpers/wait";
import { descendantsCpuMs, percentile, report } from "./harness";
import { queueWaits, startRunBench } from "./run-bench";

/**
 * bench:backlog — 100 runs of ~0.3 s created at once, worked by 4 slots in this
 * process: from the first create to the last finish (ideal ≈ 100 × 0.3 / 4 = 7.5 s),
 * and each run's wait from queued to running; the CPU per run of this process (server,
 * workers, fake model) and of its children (Postgres, git). Prints `name=value` lines.
 */
const RUNS = 100;
const SLOTS = 4;

const bench = await startRunBench({
  scripts: [
    {
      name: "short",
      turns: [
        { text: "x".repeat(100), chunkSize: 10, chunkDelayMs: 25, toolCalls: [{ name: "finish", input: { summary: "ok" } }] },
      ],
    },
  ],
  concurrency: SLOTS,
  tenantName: "Backlog",
});
try {
  const { tenantId, userId } = bench;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const childrenBefore = descendantsCpuMs();
  const ids: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await createRun({ tenantId, userId, provider: "claude", mode: "plan", prompt: `[[script:short:${i}]]` });
    ids.push(run.id);
  }
  const finished = [];
  for (const id of ids) finished.push(await runFinished(tenantId, id, { timeoutMs: 300_000 }));
  const drainedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const childrenMs = descendantsCpuMs() - childrenBefore;
  const { waits } = await queueWaits(ids);
  report("cores", os.availableParallelism());
  report("backlog_runs", RUNS);
  report("backlog_slots", SLOTS);
  report("backlog_failed", finished.filter((run) => run.status !== "completed").length);
  report("backlog_drain_s", drainedMs / 1000);
  report("backlog_wait_p50_ms", percentile(waits, 50));
  report("backlog_wait_p99_ms", percentile(waits, 99));
  report("backlog_node_cpu_ms_per_run", (cpu.user + cpu.system) / 1000 / RUNS);
  report("backlog_children_cpu_ms_per_run", childrenMs / RUNS);
} finally {
  await bench.stop();
}
