import type { AgentRun } from "../../../db/schema";
import { BudgetStop, withRunBudget } from "../budgets/with-run-budget";
import { maxOutputTokens } from "../../models/catalog";
import { DeltaStreamer } from "../../harness/delta-streamer";
import { createModelClient } from "../../models/providers";
import { toolSpecs, toolsForMode } from "../../harness/tools";
import { ModelError, type Message } from "../../models/types";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { RunEventWriter } from "../agent-runs/run-event-writer";
import { recordRunUsage } from "../agent-runs/record-run-usage";
import { runStopState } from "../agent-runs/run-stop-state";
import { budgetWarned } from "../budgets/budget-warned";
import { loadRunImages } from "../images/load-run-images";
import { podCustomToolSpecs } from "./pod-custom-tool-specs";
import type { Mask } from "./mask";

/**
 * One model call for a pod on the app's provider client: streamed text becomes
 * (masked) run events, usage is metered. Before the call, as the local worker
 * does: a cancel-with-keep, a spent budget or an unpriced model (the same
 * budgeted client as a local run) answers `{ stop }` instead, and the pod's
 * loop ends there, keeping the work.
 */
export async function completePodTurn(options: {
  tenantId: number;
  run: AgentRun;
  env: Env;
  mask: Mask;
  system: string;
  messages: Message[];
  /** The assistant message the streamed deltas belong to. */
  messageId: string;
  /** A compaction call: no tools, nothing streamed, metered as compaction. */
  compaction: boolean;
}) {
  const { tenantId, run, mask } = options;
  if (!options.compaction && (await runStopState({ tenantId, runId: run.id }))?.stopRequestedAt)
    return { stop: { reason: "cancelled" as const, message: "A user stopped the run, keeping its work." } };
  const writer = new RunEventWriter({ tenantId, runId: run.id, onlyWhileRunning: true });
  const client = withRunBudget(createModelClient(options.env, run.provider, run), {
    tenantId,
    run,
    report: (level, message) => writer.write("budget", { level, message }).then(() => undefined),
    warned: () => budgetWarned({ tenantId, runId: run.id }),
  });
  const streamer = new DeltaStreamer(
    (text) =>
      writer.write("message_delta", mask({ messageId: options.messageId, text })).then(
        () => undefined,
        () => undefined,
      ),
    80,
  );
  let stopped: BudgetStop | undefined;
  const turn = await client
    .complete({
      model: run.model,
      system: options.system,
      messages: options.compaction
        ? options.messages
        : await withRunImages(options.messages, { tenantId, run, env: options.env }),
      tools: options.compaction
        ? []
        : [
            ...toolSpecs(
              toolsForMode(run.mode, {
                provider: run.provider,
                commandTimeoutSeconds: options.env.AGENT_COMMAND_TIMEOUT_SECONDS,
              }),
            ),
            ...(await podCustomToolSpecs({ tenantId, run, env: options.env })),
          ],
      maxOutputTokens: maxOutputTokens(run.model),
      onText: options.compaction ? undefined : (delta) => streamer.push(delta),
    })
    .catch(async (error: unknown) => {
      if (!(error instanceof BudgetStop)) throw refusalOf(error) ?? error;
      stopped = error;
      return undefined;
    });
  await streamer.close();
  await writer.drain();
  if (!turn) {
    // A compaction call has no loop to end: the pod is told plainly, and its next turn stops.
    if (options.compaction) throw new AppError("PRECONDITION_FAILED", stopped!.message);
    return { stop: { reason: "budget" as const, message: stopped!.message } };
  }
  await recordRunUsage({
    tenantId,
    runId: run.id,
    provider: run.provider,
    model: run.model,
    ...turn.usage,
    purpose: options.compaction ? "compaction" : "turn",
  });
  return turn;
}

/**
 * The run's images at the head of the task message, as a local run sends them:
 * the pod sends the task as text, so the images are not uploaded on every turn.
 */
async function withRunImages(messages: Message[], options: { tenantId: number; run: AgentRun; env: Env }) {
  const [task, ...rest] = messages;
  if (!task || task.role !== "user" || task.content.some((part) => part.type === "image")) return messages;
  const images = await loadRunImages({ tenantId: options.tenantId, runId: options.run.id, env: options.env });
  if (images.length === 0) return messages;
  const content = [...images.map((image) => ({ type: "image" as const, ...image })), ...task.content];
  return [{ ...task, content } as Message, ...rest];
}

/**
 * The provider refusing the conversation the pod sent (malformed, too large) is
 * the pod's error, answered as a 4xx it can act on; our own credentials being
 * refused (401/403) or the provider failing stays a 500.
 */
function refusalOf(error: unknown) {
  if (!(error instanceof ModelError) || !error.status) return undefined;
  if (error.status === 429)
    return new AppError("TOO_MANY_REQUESTS", "The model provider is rate limiting this run; try again shortly.");
  if ([400, 404, 413, 422].includes(error.status))
    return new AppError("BAD_REQUEST", `The model provider refused the request: ${error.message}`);
  return undefined;
}
