import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Env } from "../env.server";
import { getEventBus } from "../events/bus";
import { workspaceDiff } from "../git/workspace-diff";
import type { Logger } from "../logger";
import { observeFirstToken } from "../metrics/runs";
import { RunNotRunningError } from "../services/agent-runs/append-run-events";
import { runTopic } from "../services/agent-runs/run-topic";
import { RunEventWriter } from "../services/agent-runs/run-event-writer";
import { saveCodeDiffs } from "../services/agent-runs/save-code-diffs";
import { listFollowUps } from "../services/agent-runs/list-follow-ups";
import { completeRun } from "../services/agent-runs/complete-run";
import { endRunAtLimitNow } from "../services/agent-runs/end-run-at-limit-now";
import { failRunNow } from "../services/agent-runs/fail-run-now";
import { startRun } from "../services/agent-runs/start-run";
import { heartbeatRun } from "../services/agent-runs/heartbeat-run";
import { recordRunUsage } from "../services/agent-runs/record-run-usage";
import { runStatus } from "../services/agent-runs/run-status";
import { runStopState } from "../services/agent-runs/run-stop-state";
import { loadRunImages } from "../services/images/load-run-images";
import { resolveRunPrompt } from "../services/agent-runs/resolve-run-prompt";
import { contextBudget, maxOutputTokens } from "../models/catalog";
import { createLocalWorkspace, type Workspace } from "../git/local-workspace";
import { deliverRun } from "../services/agent-runs/deliver-run";
import { prepareGit } from "../services/agent-runs/prepare-git";
import { launchKubernetesRun } from "../services/agent-runs/launch-kubernetes-run";
import { listRunRepositories } from "../services/agent-runs/run-repos";
import { customToolsFor } from "../services/tools/get-custom-tools";
import { masker } from "../services/env-vars/masker";
import { resolveRunEnv } from "../services/env-vars/resolve-run-env";
import { onChildFinished } from "../services/agent-runs/on-child-finished";
import { startOrchestration } from "../services/agent-runs/start-orchestration";
import { requestCompaction } from "../services/agent-runs/request-compaction";
import { resolveModelPrice } from "../services/model-prices/resolve-model-price";
import { withRunBudget } from "../services/budgets/with-run-budget";
import { DELIVERY_GRACE_SECONDS, LimitStop, runLimitsOf } from "../harness/limits";
import { runAgentLoop, type LoopEvent } from "../harness/loop";
import { workspaceTree } from "../git/workspace-tree";
import { createModelClient } from "../models/providers";
import { toolsForMode } from "../harness/tools";
import type { ModelClient, UserMessage } from "../models/types";

/** Stops that end the run as they are; limits (`LimitStop`) stop the agent and keep its work. */
type StopReason = "cancelled" | "timeout" | "shutdown";

const activeRuns = new Map<number, { stop: (reason: StopReason) => void; ended: Promise<unknown> }>();
let shuttingDown = false;

/**
 * On shutdown: aborts every run this process is executing (their model streams
 * and commands stop at once) and resolves once each has recorded its failure, or
 * at `until`. Runs are failed, not queued again: their workspace and the model's
 * conversation go with this process, so a second attempt would start over and
 * repeat what the first already did (commands, pushes). A dispatch claimed after
 * this call leaves its run queued, for the sweeper on another process.
 */
export async function stopActiveRuns(options: { until: number }) {
  shuttingDown = true;
  const runs = [...activeRuns.values()];
  for (const run of runs) run.stop("shutdown");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, options.until - Date.now()))));
  await Promise.race([Promise.allSettled(runs.map((run) => run.ended)), late]);
  clearTimeout(timer);
  return runs.length;
}

export type RunAgentOptions = {
  tenantId: number;
  runId: number;
  env: Env;
  logger: Logger;
  /** Tests may inject a client; by default the provider's SDK client from the environment. */
  client?: ModelClient;
};

/**
 * Executes one queued run on this machine, start to end: claim it (queued →
 * running), make a workspace, resolve the prompt, run the agent loop while
 * heart-beating and listening for cancel and follow-ups, store the diff, and
 * finish the run as completed, failed or (already) cancelled. A limit (turns,
 * cost, time, budget, a stuck agent, a cancel that keeps the work) still
 * stores the diff and pushes a draft pull request. Never throws for a run's
 * own failure — that is recorded on the run.
 */
export async function runAgent(options: RunAgentOptions) {
  const { tenantId, runId, env, logger } = options;
  if (shuttingDown) {
    logger.info({ runId }, "shutting down: the run stays queued for another worker");
    return { status: "queued" as const };
  }
  const run = await startRun({ tenantId, runId });
  if (!run) {
    logger.info({ runId }, "run was not queued any more; skipping");
    return { status: await runStatus({ tenantId, runId }) };
  }
  const log = logger.child({ runId, tenantId });
  if (run.executor === "kubernetes") {
    // A Job on the run's cluster does the work; a watcher mirrors it and the pod reports over the API.
    await launchKubernetesRun({ tenantId, run, env });
    return { status: "running" as const };
  }
  if (run.orchestrationMode) {
    // A multi-repo parent: fan out and return; its children finish it.
    const children = await startOrchestration({ tenantId, run });
    log.info({ children: children.length }, "fanned out a multi-repo run");
    return { status: "running" as const };
  }
  const controller = new AbortController();
  let stopReason: StopReason | undefined;
  const stop = (reason: StopReason) => {
    if (controller.signal.aborted) return;
    stopReason = reason;
    controller.abort(new Error(reason));
  };
  const keep = (limit: LimitStop) => {
    if (!controller.signal.aborted) controller.abort(limit);
  };
  let markEnded = () => {};
  activeRuns.set(runId, { stop, ended: new Promise<void>((resolve) => (markEnded = resolve)) });
  if (shuttingDown) stop("shutdown");

  // Cancel and follow-ups arrive as events on the run's topic; the heartbeat is the safety net.
  // A notification of events this run wrote itself (its seq is one the writer got) changes nothing:
  // re-reading the status for each would be a query per event.
  const ownSeqs = new Set<number>();
  const checkStatus = async () => {
    const state = await runStopState({ tenantId, runId });
    if (state?.status !== "running") stop("cancelled");
    else if (state.stopRequestedAt) keep(new LimitStop("cancelled", "A user stopped the run, keeping its work."));
  };
  const unsubscribe = getEventBus().subscribe(runTopic(runId), (message) => {
    if (typeof message.seq === "number" && ownSeqs.delete(message.seq)) return;
    void checkStatus().catch(() => undefined);
  });
  const heartbeatMs = Math.max(1_000, Math.min(15_000, (env.RUN_STALE_AFTER_SECONDS * 1000) / 4));
  const heartbeat = setInterval(() => {
    heartbeatRun({ tenantId, runId })
      .then((alive) => (alive ? checkStatus() : stop("cancelled")))
      .catch((error: unknown) => log.warn({ err: error }, "heartbeat failed"));
  }, heartbeatMs);
  let timeout: NodeJS.Timeout | undefined;
  let limitSeconds = 0;
  let workspace: Workspace | undefined;
  // Events are written in order, grouped into as few transactions as the database keeps up with.
  const writer = new RunEventWriter({ tenantId, runId, onlyWhileRunning: true });
  // No event is written before the run's env vars are known, so none can carry one of their values.
  let mask = <T>(value: T) => value;
  const emit = async (type: string, payload: Record<string, unknown>) => {
    if (stopReason) return;
    try {
      ownSeqs.add(await writer.write(type, mask(payload)));
    } catch (error) {
      // Cancelled between our last check and this write: stop, write nothing more.
      if (error instanceof RunNotRunningError) stop("cancelled");
      else throw error;
    }
  };

  // From the claim on, everything that can throw is in here: the run then ends failed with the reason,
  // and its heartbeat stops (one that kept beating would keep a run nobody works on "running" for good).
  try {
    // The loop stops at the time cap and keeps the work; this cuts off a run that hangs outside it (clone, push).
    const limits = runLimitsOf(run, env, await resolveModelPrice({ tenantId, provider: run.provider, model: run.model }));
    limitSeconds = limits.seconds;
    timeout = setTimeout(() => stop("timeout"), limits.deadline + DELIVERY_GRACE_SECONDS * 1000 - Date.now());
    // The run's env vars reach its commands; their values never reach an event.
    const runEnv = await resolveRunEnv({ tenantId, runId, projectId: run.projectId, env });
    mask = masker(runEnv).mask;
    const client = withRunBudget(options.client ?? createModelClient(env, run.provider, run), {
      tenantId,
      run,
      report: (level, message) => emit("budget", { level, message }),
    });
    // With a repository: clone it on the run's branch (a review of a PR checks out the PR's branch).
    const [repo] = await listRunRepositories({ tenantId, runId });
    const git = repo ? await prepareGit({ tenantId, env, repo, mode: run.mode }) : null;
    workspace = await createLocalWorkspace({ root: env.WORKSPACES_DIR, runId, keep: env.KEEP_WORKSPACES, source: git?.source });
    await emit("log", {
      level: "info",
      message: repo
        ? `Cloned ${repo.fullName} (${git!.source.checkout})${git!.source.branch ? ` onto branch ${git!.source.branch}` : ""} on the local executor.`
        : "Workspace ready on the local executor (no repository).",
    });

    const [agentsMd, tree] = await Promise.all([readAgentsMd(workspace.dir), workspaceTree(workspace.dir).catch(() => null)]);
    const prompt = await resolveRunPrompt({ tenantId, run, agentsMd, tree });
    const { system, taskText, ticket } = prompt;
    const images = await loadRunImages({ tenantId, runId, env });
    const task: UserMessage = {
      role: "user",
      content: [...images.map((image) => ({ type: "image" as const, ...image })), { type: "text", text: taskText }],
    };
    await emit("log", { level: "info", message: prompt.describe });

    let followUpCursor = 0;
    // Before any model call: a cancel-with-keep sent while the workspace was being made.
    await checkStatus();
    let streamed = false;
    const result = await runAgentLoop({
      client,
      model: run.model,
      system,
      task,
      tools: [
        ...toolsForMode(run.mode, { provider: run.provider, commandTimeoutSeconds: env.AGENT_COMMAND_TIMEOUT_SECONDS }),
        ...(await customToolsFor({ tenantId, provider: run.provider, env })),
      ],
      toolContext: {
        root: workspace.dir,
        baseRef: workspace.baseRef,
        commandTimeoutSeconds: env.AGENT_COMMAND_TIMEOUT_SECONDS,
        commandEnv: runEnv,
      },
      limits,
      contextBudget: contextBudget(run.model, env.AGENT_CONTEXT_BUDGET_TOKENS),
      compactAtTokens: env.AGENT_COMPACT_AT_TOKENS,
      // Summaries come from the `agent-run.compact` job, as for a pod; what it stores is masked.
      summarise: async (request, signal) => ({
        summary: (await requestCompaction({ tenantId, runId, ...mask(request), signal })).summary,
      }),
      maxOutputTokens: maxOutputTokens(run.model),
      signal: controller.signal,
      emit: async (event: LoopEvent) => {
        if (event.type === "usage") {
          // Usage is counted even when the run was just cancelled: those tokens were spent.
          await writer.drain();
          await recordRunUsage({ tenantId, runId, provider: run.provider, model: run.model, ...event });
          return;
        }
        if (!streamed && (event.type === "message_delta" || event.type === "message")) {
          streamed = true;
          observeFirstToken(run);
        }
        const { type, ...payload } = event;
        await emit(type, payload);
      },
      takeFollowUps: async () => {
        const rows = await listFollowUps({ tenantId, runId, afterSeq: followUpCursor });
        if (rows.length) followUpCursor = rows[rows.length - 1]!.seq;
        return rows.map((row) => String(row.payload.text ?? ""));
      },
    });

    const stopped = result.endedBy === "limit" ? result.stop : null;
    const files = await workspaceDiff(workspace.dir, workspace.baseRef);
    await saveCodeDiffs({ tenantId, runId, files });
    if (files.length) {
      await emit("diff", {
        files: files.map(({ filePath, changeType, additions, deletions }) => ({ filePath, changeType, additions, deletions })),
        patch: capPatch(files.map((file) => file.diff).join("\n")),
      });
    } else if (run.mode === "implement" || run.mode === "bugfix") {
      await emit("log", { level: "info", message: "The agent made no changes to the code." });
    }
    if (repo && git) {
      await deliverRun({
        tenantId,
        env,
        run: { ...run, summary: result.summary },
        repo,
        git,
        dir: workspace.dir,
        changed: files.length > 0,
        ticket: ticket ? { key: ticket.key, title: ticket.title } : null,
        incomplete: stopped ? { stop: stopped, files } : null,
        emit,
      });
    }
    await emit("artifact", {
      kind: run.mode === "plan" ? "plan" : run.mode === "review" ? "review" : "summary",
      title: `${run.mode === "plan" ? "Plan" : run.mode === "review" ? "Review" : "Summary"}${stopped ? " (incomplete)" : ""}`,
      markdown: stopped ? `**Stopped:** ${stopped.message}\n\n${result.summary}` : result.summary,
    });
    await writer.drain();
    if (stopped) {
      const ended = await endRunAtLimitNow({ tenantId, runId, stop: stopped, summary: result.summary });
      log.info({ turns: result.turns, changed: files.length, stop: stopped.reason }, "run stopped at a limit, work kept");
      return { status: ended ?? (await runStatus({ tenantId, runId })) };
    }
    const finished = await completeRun({ tenantId, runId, summary: result.summary });
    log.info({ turns: result.turns, changed: files.length, completed: Boolean(finished) }, "run finished");
    return { status: finished ? "completed" : await runStatus({ tenantId, runId }) };
  } catch (error) {
    await writer.drain();
    // The cancel already recorded the final status; nothing may follow it.
    if (stopReason === "cancelled") return { status: "cancelled" as const };
    const message =
      stopReason === "timeout"
        ? `The run took longer than ${limitSeconds} s and was stopped.`
        : stopReason === "shutdown"
          ? "The server shut down while this run was in progress; start it again."
          : error instanceof Error
            ? error.message
            : String(error);
    log.warn({ err: error }, "run failed");
    await failRunNow({ tenantId, runId, message, ending: stopReason ?? "error" });
    return { status: "failed" as const, error: message };
  } finally {
    activeRuns.delete(runId);
    markEnded();
    if (run.parentRunId)
      await onChildFinished({ tenantId, parentRunId: run.parentRunId, childRunId: runId, env }).catch((error: unknown) =>
        log.error({ err: error }, "could not update the parent run"),
      );
    clearInterval(heartbeat);
    clearTimeout(timeout);
    unsubscribe();
    await workspace?.cleanup().catch((error: unknown) => log.warn({ err: error }, "workspace cleanup failed"));
  }
}

async function readAgentsMd(dir: string) {
  try {
    return await readFile(path.join(dir, "AGENTS.md"), "utf8");
  } catch {
    return null;
  }
}

function capPatch(patch: string) {
  const limit = 300_000;
  return patch.length > limit ? `${patch.slice(0, limit)}\n… (the full diff is on the run page)` : patch;
}
