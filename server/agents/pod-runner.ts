import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { z } from "zod";
import type { AppRouter } from "../routers/app-router";
import { commitAll, pushBranch } from "../git/pipeline";
import { runGit } from "../git/run-git";
import { workspaceTree } from "../git/workspace-tree";
import { workspaceDiff } from "../git/workspace-diff";
import { LimitStop } from "../harness/limits";
import { runAgentLoop, type LoopEvent } from "../harness/loop";
import { AGENTS_MD_LIMIT, WORKSPACE_TREE_LIMIT } from "../harness/prompts";
import { toolsForMode } from "../harness/tools";
import type { Tool } from "../harness/tools/tool";
import type { ModelClient, ModelTurn } from "../models/types";

/**
 * The agent inside a Kubernetes pod: the same loop and tools as the local
 * executor, on the workspace the init container cloned. It talks to the app
 * only through the pod API with its run token: model calls (the app holds the
 * keys and meters usage), transcript events, follow-ups, and the result. At
 * the end it commits and pushes the run's branch with the connector token it
 * was given through a Secret, and reports the diffs. A limit (the loop's own,
 * or a stop the app answers a model call with) keeps the work the same way,
 * and the app opens a draft pull request.
 */
export async function runPod(options: { appUrl: string; runToken: string; workspace: string; gitToken?: string }) {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${options.appUrl.replace(/\/$/, "")}/api/trpc`,
        transformer: superjson,
        headers: { authorization: `Bearer ${options.runToken}` },
      }),
    ],
  });
  const agentsMd = await readFile(path.join(options.workspace, "AGENTS.md"), "utf8").catch(() => null);
  let context: Awaited<ReturnType<typeof client.pod.context.mutate>>;
  try {
    const tree = await workspaceTree(options.workspace).catch(() => null);
    context = await client.pod.context.mutate({
      agentsMd: agentsMd?.slice(0, AGENTS_MD_LIMIT) ?? null,
      tree: tree?.slice(0, WORKSPACE_TREE_LIMIT) ?? null,
    });
  } catch (error) {
    // A revoked token (the run was cancelled or has ended): nothing to do.
    return { outcome: "failed" as const, error: (error as Error).message };
  }
  const baseRef = (await runGit(options.workspace, ["rev-parse", "HEAD"])).trim();
  // Read before the agent runs: the push's credential stays scoped to the origin the init container cloned.
  const cloneUrl = options.gitToken ? (await runGit(options.workspace, ["remote", "get-url", "origin"])).trim() : "";

  const model: ModelClient = {
    provider: context.provider,
    complete: async (request) => {
      const answer = await client.pod.complete.mutate(
        {
          system: request.system,
          messages: request.messages,
          messageId: request.messageId ?? "compaction",
          compaction: request.tools.length === 0,
        },
        { signal: request.signal },
      );
      if ("stop" in answer) throw new LimitStop(answer.stop.reason, answer.stop.message);
      return answer as ModelTurn;
    },
  };
  const emit = async (event: LoopEvent) => {
    // Usage is metered by the app where the model call happens.
    if (event.type === "usage") return;
    const { type, ...payload } = event;
    if (type === "message_delta") return; // streamed by the app as it relays the model
    await client.pod.events.mutate({ events: [{ type, payload }] });
  };
  let cursor = 0;
  try {
    const result = await runAgentLoop({
      client: model,
      model: context.model,
      system: context.system,
      task: { role: "user", content: [{ type: "text", text: context.task }] },
      tools: [
        ...toolsForMode(context.mode, { provider: context.provider, commandTimeoutSeconds: context.commandTimeoutSeconds }),
        // The workspace's custom tools, called by the app: their endpoints and headers never reach the pod.
        ...context.customTools.map(
          (spec): Tool<unknown> => ({
            name: spec.name,
            description: spec.description,
            input: z.record(z.string(), z.unknown()),
            jsonSchema: spec.inputSchema as Record<string, unknown>,
            writes: false,
            run: async (input, toolContext) =>
              await client.pod.callTool.mutate(
                { name: spec.name, input: input as Record<string, unknown> },
                { signal: toolContext.signal },
              ),
          }),
        ),
      ],
      toolContext: { root: options.workspace, baseRef, commandTimeoutSeconds: context.commandTimeoutSeconds },
      limits: {
        maxTurns: context.maxTurns,
        maxCostMicroUsd: context.maxCostMicroUsd,
        price: context.price,
        deadline: Date.now() + context.secondsLeft * 1000,
      },
      contextBudget: context.contextBudget,
      compactAtTokens: context.compactAtTokens,
      // The app runs the `agent-run.compact` job and answers with its summary: no model key in the pod.
      summarise: async (request, signal) => await client.pod.compact.mutate(request, { signal }),
      maxOutputTokens: context.maxOutputTokens,
      emit,
      takeFollowUps: async () => {
        const rows = await client.pod.followUps.query({ afterSeq: cursor });
        if (rows.length) cursor = rows[rows.length - 1]!.seq;
        return rows.map((row) => row.text);
      },
    });
    const stop = result.endedBy === "limit" ? result.stop : undefined;
    const diffs = await workspaceDiff(options.workspace, baseRef);
    let pushed: { branch: string; sha: string } | null = null;
    const writes = context.mode === "implement" || context.mode === "bugfix";
    if (writes && diffs.length && context.branch && options.gitToken) {
      const subject = result.summary.split("\n")[0]!.slice(0, 72) || "Agent changes";
      const sha = await commitAll(
        options.workspace,
        `${stop ? "WIP: " : ""}${subject}\n\n${stop ? `Incomplete: ${stop.message}\n\n` : ""}${result.summary}\n\nAssembly-Lime-Run: ${context.runId}\n`,
      );
      if (sha) {
        await pushBranch({ dir: options.workspace, branch: context.branch, token: options.gitToken, cloneUrl });
        pushed = { branch: context.branch, sha };
      }
    }
    await client.pod.finish.mutate({ outcome: stop ? "stopped" : "completed", stop, summary: result.summary, diffs, pushed });
    return { outcome: stop ? ("stopped" as const) : ("completed" as const), pushed };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await client.pod.finish.mutate({ outcome: "failed", error: message }).catch(() => undefined);
    return { outcome: "failed" as const, error: message };
  }
}

// `node build/server/pod-runner.js` in the agent container: configuration from the environment.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const required = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set.`);
    return value;
  };
  const result = await runPod({
    appUrl: required("AL_APP_URL"),
    runToken: required("AL_RUN_TOKEN"),
    workspace: process.env.AL_WORKSPACE ?? "/workspace",
    gitToken: process.env.GIT_TOKEN,
  });
  console.log(JSON.stringify({ outcome: result.outcome }));
  process.exit(result.outcome === "failed" ? 1 : 0);
}
