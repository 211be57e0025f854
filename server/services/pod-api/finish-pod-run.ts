import type { AgentRun, RunStopReason } from "../../../db/schema";
import { db } from "../../../db/client";
import { deliverPushedBranch } from "../agent-runs/deliver-pushed-branch";
import type { Env } from "../../env.server";
import { saveCodeDiffs, type FileDiff } from "../agent-runs/save-code-diffs";
import { revokeRunToken } from "../agent-runs/pod-auth";
import { RunEventWriter } from "../agent-runs/run-event-writer";
import { endRunAtLimit } from "../agent-runs/end-run-at-limit";
import { transitionRun } from "../agent-runs/transition-run";
import { failRun } from "../agent-runs/fail-run";
import type { Mask } from "./mask";

/**
 * The end of a pod's run: its (masked) diffs, the branch it pushed (→ pull
 * request; a draft marked incomplete when a limit stopped it), the summary
 * artifact and the final status. The run token stops working whatever happens.
 */
export async function finishPodRun(options: {
  tenantId: number;
  run: AgentRun;
  env: Env;
  mask: Mask;
  outcome: "completed" | "stopped" | "failed";
  /** The limit that stopped a `stopped` run. */
  stop?: { reason: RunStopReason; message: string };
  summary: string;
  error?: string;
  diffs: FileDiff[];
  /** The branch and commit the pod pushed, if any. */
  pushed: { branch: string; sha: string } | null;
}) {
  const { tenantId, run, mask } = options;
  const diffs = mask(options.diffs);
  const summary = mask(options.summary);
  await saveCodeDiffs({ tenantId, runId: run.id, files: diffs });
  const writer = new RunEventWriter({ tenantId, runId: run.id, onlyWhileRunning: true });
  if (options.diffs.length)
    await writer.write("diff", {
      files: diffs.map(({ filePath, changeType, additions, deletions }) => ({ filePath, changeType, additions, deletions })),
      patch: diffs
        .map((diff) => diff.diff)
        .join("\n")
        .slice(0, 300_000),
    });
  const stop = options.outcome === "stopped" && options.stop ? mask(options.stop) : null;
  try {
    if (options.outcome !== "failed") {
      if (options.pushed)
        await deliverPushedBranch({
          tenantId,
          env: options.env,
          run: { ...run, summary },
          pushed: options.pushed,
          incomplete: stop ? { stop, files: diffs } : null,
          emit: (type, payload) => writer.write(type, payload).then(() => undefined),
        });
      await writer.write("artifact", {
        kind: run.mode === "plan" ? "plan" : run.mode === "review" ? "review" : "summary",
        title: stop ? "Summary (incomplete)" : "Summary",
        markdown: stop ? `**Stopped:** ${stop.message}\n\n${summary}` : summary,
      });
      await writer.drain();
      if (stop) await endRunAtLimit(db, { tenantId, runId: run.id, stop, summary });
      else await transitionRun(db, { tenantId, runId: run.id, to: "completed", set: { summary } });
    } else {
      await writer.drain();
      await failRun(db, { tenantId, runId: run.id, message: mask(options.error ?? "The agent failed.") });
    }
  } catch (error) {
    await writer.drain();
    await failRun(db, { tenantId, runId: run.id, message: mask((error as Error).message) });
  } finally {
    await revokeRunToken(run.id);
  }
  return { ok: true };
}
