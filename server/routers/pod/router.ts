import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { contextBudget, maxOutputTokens } from "../../agents/catalog";
import { deliverPushedBranch } from "../../agents/deliver";
import { createModelClient } from "../../agents/providers";
import { AGENTS_MD_LIMIT } from "../../agents/prompts";
import { resolveRunPrompt } from "../../agents/run-agent";
import { toolSpecs, toolsForMode } from "../../agents/tools";
import type { Message } from "../../agents/types";
import { getEnv } from "../../env.server";
import { appendRunEvent, RunNotRunningError } from "../../services/agent-runs/append-run-event";
import { saveCodeDiffs } from "../../services/agent-runs/code-diffs";
import { listFollowUps } from "../../services/agent-runs/follow-ups";
import { revokeRunToken, runForToken } from "../../services/agent-runs/pod-auth";
import { listRunRepositories } from "../../services/agent-runs/run-repos";
import { RunEventWriter } from "../../services/agent-runs/run-event-writer";
import { failRun, transitionRun } from "../../services/agent-runs/transition-run";
import { recordRunUsage } from "../../services/agent-runs/worker-state";
import { masker, resolveRunEnv } from "../../services/env-vars/env-vars";
import { DeltaStreamer } from "../../agents/delta-streamer";
import { db } from "../../../db/client";
import { publicProcedure as baseProcedure, router } from "../../trpc/procedures";

/**
 * The API a Kubernetes agent pod talks to. It authenticates with the run's
 * token (Authorization: Bearer alrun_…), which opens exactly that run and only
 * while it runs. The pod never holds model keys or database credentials: model
 * calls go through `complete`, which uses the app's provider client and meters
 * the tokens.
 */
const podProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const run = ctx.bearer ? await runForToken(ctx.bearer) : null;
  if (!run) throw new TRPCError({ code: "UNAUTHORIZED", message: "This run token is not valid, or the run has ended." });
  return next({ ctx: { ...ctx, run, tenantId: run.tenantId } });
});

/** For the calls that store what the pod reports: it is masked against the run's env var values first. */
const reportingPodProcedure = podProcedure.use(async ({ ctx, next }) => {
  const { mask } = masker(
    await resolveRunEnv({ tenantId: ctx.run.tenantId, runId: ctx.run.id, projectId: ctx.run.projectId, env: getEnv() }),
  );
  return next({ ctx: { ...ctx, mask } });
});

const ZPart = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().max(400_000) }),
  z.object({ type: z.literal("image"), mediaType: z.string().max(40), dataBase64: z.string().max(8_000_000) }),
  z.object({
    type: z.literal("tool_call"),
    id: z.string().max(200),
    name: z.string().max(100),
    input: z.unknown(),
    invalidInput: z.string().max(100_000).optional(),
  }),
  z.object({
    type: z.literal("tool_result"),
    toolCallId: z.string().max(200),
    content: z.string().max(400_000),
    isError: z.boolean(),
  }),
]);
const ZMessage = z.object({ role: z.enum(["user", "assistant"]), content: z.array(ZPart).max(200) });
const POD_EVENT_TYPES = ["log", "message", "tool_call", "tool_result", "compaction", "artifact"] as const;
const ZFileDiff = z.object({
  filePath: z.string().max(1000),
  changeType: z.enum(["added", "modified", "deleted", "renamed"]),
  diff: z.string().max(300_000),
  additions: z.number().int().min(0),
  deletions: z.number().int().min(0),
});

export const podRouter = router({
  /** What the pod needs to run the agent: prompt, model, mode and limits. */
  context: podProcedure
    .input(z.object({ agentsMd: z.string().max(AGENTS_MD_LIMIT).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const env = getEnv();
      const prompt = await resolveRunPrompt({ tenantId: ctx.tenantId, run: ctx.run, agentsMd: input.agentsMd });
      await appendRunEvent(db, {
        tenantId: ctx.tenantId,
        runId: ctx.run.id,
        type: "log",
        payload: { level: "info", message: prompt.describe },
      });
      const [repo] = await listRunRepositories({ tenantId: ctx.tenantId, runId: ctx.run.id });
      return {
        runId: ctx.run.id,
        provider: ctx.run.provider,
        model: ctx.run.model,
        mode: ctx.run.mode,
        system: prompt.system,
        task: prompt.taskText,
        branch: repo?.branchName ?? null,
        maxTurns: env.AGENT_MAX_TURNS,
        commandTimeoutSeconds: env.AGENT_COMMAND_TIMEOUT_SECONDS,
        contextBudget: contextBudget(ctx.run.model, env.AGENT_CONTEXT_BUDGET_TOKENS),
        maxOutputTokens: maxOutputTokens(ctx.run.model),
      };
    }),

  /** One model call on the app's provider client; streamed text becomes run events here, usage is metered here. */
  complete: reportingPodProcedure
    .input(
      z.object({
        system: z.string().max(200_000),
        messages: z.array(ZMessage).max(2_000),
        messageId: z.string().max(100),
        compaction: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const env = getEnv();
      const writer = new RunEventWriter({ tenantId: ctx.tenantId, runId: ctx.run.id, onlyWhileRunning: true });
      const client = createModelClient(env, ctx.run.provider);
      const streamer = new DeltaStreamer(
        (text) =>
          writer.write("message_delta", ctx.mask({ messageId: input.messageId, text })).then(
            () => undefined,
            () => undefined,
          ),
        80,
      );
      const turn = await client.complete({
        model: ctx.run.model,
        system: input.system,
        messages: input.messages as Message[],
        tools: input.compaction ? [] : toolSpecs(toolsForMode(ctx.run.mode)),
        maxOutputTokens: maxOutputTokens(ctx.run.model),
        onText: input.compaction ? undefined : (delta) => streamer.push(delta),
      });
      await streamer.close();
      await writer.drain();
      await recordRunUsage({
        tenantId: ctx.tenantId,
        runId: ctx.run.id,
        model: ctx.run.model,
        ...turn.usage,
        purpose: input.compaction ? "compaction" : "turn",
      });
      return turn;
    }),

  /** The pod's transcript events (tool calls, results, logs…), in order. */
  events: reportingPodProcedure
    .input(
      z.object({
        events: z
          .array(z.object({ type: z.enum(POD_EVENT_TYPES), payload: z.record(z.string(), z.unknown()) }))
          .min(1)
          .max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const writer = new RunEventWriter({ tenantId: ctx.tenantId, runId: ctx.run.id, onlyWhileRunning: true });
      try {
        await Promise.all(input.events.map((event) => writer.write(event.type, ctx.mask(event.payload))));
      } catch (error) {
        if (error instanceof RunNotRunningError) throw new TRPCError({ code: "UNAUTHORIZED", message: "The run has ended." });
        throw error;
      }
      return { written: input.events.length };
    }),

  followUps: podProcedure.input(z.object({ afterSeq: z.number().int().min(0) })).query(async ({ ctx, input }) => {
    const rows = await listFollowUps({ tenantId: ctx.tenantId, runId: ctx.run.id, afterSeq: input.afterSeq });
    return rows.map((row) => ({ seq: row.seq, text: String(row.payload.text ?? "") }));
  }),

  /** The end of the run: its diffs, the branch it pushed (→ pull request), and the outcome. The token then stops working. */
  finish: reportingPodProcedure
    .input(
      z.object({
        outcome: z.enum(["completed", "failed"]),
        summary: z.string().max(100_000).default(""),
        error: z.string().max(10_000).optional(),
        diffs: z.array(ZFileDiff).max(1_000).default([]),
        pushed: z
          .object({ branch: z.string().max(250), sha: z.string().regex(/^[0-9a-f]{40}$/) })
          .nullable()
          .default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { tenantId, run } = ctx;
      const diffs = ctx.mask(input.diffs);
      const summary = ctx.mask(input.summary);
      await saveCodeDiffs({ tenantId, runId: run.id, files: diffs });
      const writer = new RunEventWriter({ tenantId, runId: run.id, onlyWhileRunning: true });
      if (input.diffs.length)
        await writer.write("diff", {
          files: diffs.map(({ filePath, changeType, additions, deletions }) => ({
            filePath,
            changeType,
            additions,
            deletions,
          })),
          patch: diffs
            .map((diff) => diff.diff)
            .join("\n")
            .slice(0, 300_000),
        });
      try {
        if (input.outcome === "completed") {
          if (input.pushed)
            await deliverPushedBranch({
              tenantId,
              env: getEnv(),
              run: { ...run, summary },
              pushed: input.pushed,
              emit: (type, payload) => writer.write(type, payload).then(() => undefined),
            });
          await writer.write("artifact", {
            kind: run.mode === "plan" ? "plan" : run.mode === "review" ? "review" : "summary",
            title: "Summary",
            markdown: summary,
          });
          await writer.drain();
          await transitionRun(db, { tenantId, runId: run.id, to: "completed", set: { summary } });
        } else {
          await writer.drain();
          await failRun(db, { tenantId, runId: run.id, message: ctx.mask(input.error ?? "The agent failed.") });
        }
      } catch (error) {
        await writer.drain();
        await failRun(db, { tenantId, runId: run.id, message: ctx.mask((error as Error).message) });
      } finally {
        await revokeRunToken(run.id);
      }
      return { ok: true };
    }),
});
