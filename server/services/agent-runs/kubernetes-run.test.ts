import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunCompactions } from "../../../db/schema";
import { buildProject } from "../../../db/seed";
import { agentRunCompactJob } from "../../../jobs/agent-run-compact";
import { getBoss } from "../../../jobs/boss";
import { costMicroUsd, modelInfo } from "../../models/catalog";
import { DELIVERY_GRACE_SECONDS } from "../../harness/limits";
import { thinkingBudgetFor } from "../../models/providers/anthropic";
import { runPod } from "../../agents/pod-runner";
import { gitAuthEnv } from "../../git/pipeline";
import { runGit } from "../../git/run-git";
import { getRun } from "./get-run";
import { listRunEvents } from "./list-run-events";
import { uploadImage } from "../images/upload-image";
import { createTicket } from "../tickets/create-ticket";
import { signThinking } from "../../../test/fakes/anthropic-thinking";
import { waitFor } from "../../../test/helpers/wait";
import { startKubeTenant, type KubeTenant, registerFakeCluster } from "../../../test/helpers/kube-tenant";

let runtime: KubeTenant["runtime"];
let kube: KubeTenant["kube"];
let tenantId: number;
let userId: number;
let caller: KubeTenant["caller"];
let ns: KubeTenant["ns"];
let clusterId: number;
const scratch = mkdtempSync(path.join(os.tmpdir(), "al-pod-"));
const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

beforeAll(async () => {
  ({ runtime, kube, tenantId, userId, caller, ns } = await startKubeTenant());
  clusterId = (await registerFakeCluster({ caller, kube })).id;
});

afterAll(async () => {
  await runtime?.stop();
  await kube?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("agent runs as Jobs", () => {
  async function projectWithRepo(name: string, key: string) {
    const repo = await runtime.github.createRepo("octocat", name, {
      files: { "README.md": `# ${name}\n`, "src/index.js": "export default 1;\n" },
    });
    const token = runtime.github.issuePersonalToken("octocat", ["repo"]);
    const connector = await caller.connectors.create({ kind: "pat", token, name });
    const [repository] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
    const { project } = await buildProject({ tenantId, userId, name, key });
    await caller.projectRepositories.add({ projectId: project.id, repositoryId: repository!.id, role: "primary" });
    return { repo, token, connector, project };
  }

  /** Does what the Job's init container does: clone the base branch with the git Secret's token, create the run's branch. */
  async function initContainer(repoUrl: string, token: string, branch: string, dir: string) {
    await runGit(dir, ["clone", "--quiet", "--branch", "main", repoUrl, "."], { env: gitAuthEnv(token, repoUrl) });
    await runGit(dir, ["checkout", "-q", "-b", branch]);
    await runGit(dir, ["config", "user.name", "Agent"]);
    await runGit(dir, ["config", "user.email", "agent@example.test"]);
  }

  it("launches a restricted Job with secrets by reference; the pod reports through its run token; the PR opens; the Job's end is mirrored", async () => {
    const { repo, token, connector, project } = await projectWithRepo("kube-app", "KUBE");
    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Run in the cluster" });
    const envSet = await caller.envVars.createSet({ name: "kube", scope: "project", scopeId: project.id });
    await caller.envVars.setVar({ setId: envSet.id, key: "API_SECRET", value: "kube-env-secret-value" });
    runtime.anthropic.scripts.add({
      name: "in-pod",
      turns: [
        { text: "Working inside the pod.", toolCalls: [{ name: "read_file", input: { path: "src/index.js" } }] },
        { toolCalls: [{ name: "write_file", input: { path: "src/index.js", content: "export default 2;\n" } }] },
        // An agent that writes an env var's value into a file: the diff it reports is masked like everything else.
        {
          toolCalls: [
            { name: "write_file", input: { path: "src/leak.js", content: "export const key = 'kube-env-secret-value';\n" } },
          ],
        },
        { toolCalls: [{ name: "finish", input: { summary: "Bumped the default export." } }] },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Bump [[script:in-pod]]",
      ticketId: ticket.id,
      clusterId,
    });
    expect(run.executor).toBe("kubernetes");
    const job = await waitFor(async () => kube.get("jobs", ns(), `al-run-${run.id}`), "the Job");

    // The Job: restricted pod, deadline and TTL, secrets only by reference.
    const pod = job.spec.template.spec;
    expect(job.spec).toMatchObject({
      backoffLimit: 0,
      // The pod stops itself at the time cap; the Job's deadline leaves it time to push the work.
      activeDeadlineSeconds: runtime.env.AGENT_RUN_TIMEOUT_SECONDS + DELIVERY_GRACE_SECONDS,
      ttlSecondsAfterFinished: 3600,
    });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    for (const container of [...pod.initContainers, ...pod.containers])
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
    const agentEnv = pod.containers[0].env as Array<{
      name: string;
      value?: string;
      valueFrom?: { secretKeyRef: { name: string } };
    }>;
    expect(agentEnv.find((entry) => entry.name === "AL_RUN_TOKEN")?.valueFrom?.secretKeyRef.name).toBe(`run-token-${run.id}`);
    expect(agentEnv.some((entry) => /DATABASE|SESSION|ANTHROPIC|OPENAI|ENCRYPTION/.test(entry.name))).toBe(false);
    const jobJson = JSON.stringify(job);
    expect(jobJson).not.toContain(token);
    // The clone's credential header is scoped to the fake GitHub's origin; its token only from the git Secret.
    const clone = pod.initContainers[0] as { command: string[]; env: typeof agentEnv };
    expect(clone.env.find((entry) => entry.name === "AL_GIT_ORIGIN")?.value).toBe(new URL(runtime.github.url).origin);
    expect(clone.command[2]).toContain('GIT_CONFIG_KEY_0="http.$AL_GIT_ORIGIN/.extraheader"');
    expect(jobJson).not.toMatch(/http\.extraheader/i);
    expect(clone.env.find((entry) => entry.name === "GIT_TOKEN")?.valueFrom?.secretKeyRef.name).toBe(`git-cred-${connector.id}`);
    // The run's env vars: a Secret of their own, referenced by the agent container.
    expect(jobJson).not.toContain("kube-env-secret-value");
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: `run-env-${run.id}` } }]);
    expect(Buffer.from(kube.get("secrets", ns(), `run-env-${run.id}`)!.data.API_SECRET, "base64").toString()).toBe(
      "kube-env-secret-value",
    );
    const gitSecret = kube.get("secrets", ns(), `git-cred-${connector.id}`)!;
    expect(Buffer.from(gitSecret.data.token, "base64").toString()).toBe(token);
    const runToken = Buffer.from(kube.get("secrets", ns(), `run-token-${run.id}`)!.data.token, "base64").toString();
    expect(runToken).toMatch(/^alrun_/);
    expect(JSON.stringify(await listRunEvents({ tenantId, runId: run.id, afterSeq: null, limit: 1000 }))).not.toContain(runToken);

    // A token opens only its own run: a forged one and another run's token get nothing.
    const forged = await fetch(
      `${runtime.url}/api/trpc/pod.followUps?input=${encodeURIComponent(JSON.stringify({ json: { afterSeq: 0 } }))}`,
      {
        headers: { authorization: "Bearer alrun_forged" },
      },
    );
    expect(forged.status).toBe(401);

    // The pod: the init container's clone, then the runner with the run token.
    const dir = mkdtempSync(path.join(scratch, "ws-"));
    await initContainer(repo.cloneUrl, token, `al/implement/${run.id}`, dir);
    const outcome = await runPod({ appUrl: runtime.url, runToken, workspace: dir, gitToken: token });
    expect(outcome).toMatchObject({ outcome: "completed" });
    const done = await getRun({ tenantId, runId: run.id });
    expect(done).toMatchObject({ status: "completed", summary: "Bumped the default export.", prNumber: 1 });
    expect(await repo.readFile(`al/implement/${run.id}`, "src/index.js")).toBe("export default 2;\n");
    // The pod sent its checkout's tree: the first message describes the workspace two levels deep, as a local run's does.
    const first = runtime.anthropic.requests.find((request) => request.view.messages[0]?.text.includes("[[script:in-pod]]"))!;
    expect(first.view.messages[0]!.text).toContain("- Files and folders, two levels deep:\n  src/\n    index.js\n  README.md");
    const events = await listRunEvents({ tenantId, runId: run.id, afterSeq: null, limit: 1000 });
    expect(
      events
        .filter((event) => event.type === "message_delta")
        .map((event) => event.payload.text)
        .join(""),
    ).toContain("Working inside the pod.");
    expect(events.some((event) => event.type === "pull_request")).toBe(true);
    const diffEvent = events.find((event) => event.type === "diff")!;
    expect(String(diffEvent.payload.patch)).toContain("export const key = '***'");
    expect(JSON.stringify(events)).not.toContain("kube-env-secret-value");
    expect(done.costMicroUsd).toBeGreaterThan(0);
    // The run has ended: its token opens nothing any more.
    await expect(runPod({ appUrl: runtime.url, runToken, workspace: dir })).resolves.toMatchObject({ outcome: "failed" });

    // The Job finishing afterwards changes nothing; the watcher stops.
    kube.setJobStatus(ns(), `al-run-${run.id}`, "succeeded");
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await getRun({ tenantId, runId: run.id })).status).toBe("completed");
  });

  it("offers a pod's model the workspace's custom tools, called by the app with their secret headers, and the run's images", async () => {
    const { repo, token, project } = await projectWithRepo("kube-tools", "KTOO");
    // The tool's endpoint listens on loopback, which the outbound guard refuses unless a workspace admin allows it.
    const calls: Array<{ body: string; secret: string | undefined }> = [];
    const endpoint = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        calls.push({ body, secret: request.headers["x-tool-secret"] as string | undefined });
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ answer: "42" }));
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    const { port } = endpoint.address() as AddressInfo;
    try {
      await caller.outbound.add({ host: "127.0.0.1" });
      await caller.tools.create({
        name: "lookup_answer",
        description: "Looks up the answer.",
        inputSchema: { type: "object", properties: { question: { type: "string" } }, required: ["question"] },
        endpointUrl: `http://127.0.0.1:${port}/answer`,
        headers: { "x-tool-secret": "tool-header-secret" },
      });
      const image = await uploadImage({ tenantId, userId, env: runtime.env, bytes: ONE_PIXEL_PNG, filename: "shot.png" });
      runtime.anthropic.scripts.add({
        name: "pod-tools",
        turns: [
          { toolCalls: [{ name: "lookup_answer", input: { question: "life" } }] },
          (request) => ({
            toolCalls: [
              { name: "finish", input: { summary: `The tool said ${request.messages.at(-1)!.toolResults[0]!.content}` } },
            ],
          }),
        ],
      });
      const run = await caller.agentRuns.create({
        provider: "claude",
        mode: "plan",
        prompt: "Ask the tool [[script:pod-tools]]",
        projectId: project.id,
        clusterId,
        imageIds: [image.id],
      });
      await waitFor(async () => kube.get("jobs", ns(), `al-run-${run.id}`), "the Job");
      const runToken = Buffer.from(kube.get("secrets", ns(), `run-token-${run.id}`)!.data.token, "base64").toString();
      const dir = mkdtempSync(path.join(scratch, "ws-"));
      await initContainer(repo.cloneUrl, token, `al/plan/${run.id}`, dir);

      // What the pod learns of the tool: its name and schema, never its endpoint or headers.
      const context = await fetch(`${runtime.url}/api/trpc/pod.context`, {
        method: "POST",
        headers: { authorization: `Bearer ${runToken}`, "content-type": "application/json" },
        body: JSON.stringify({ json: { agentsMd: null } }),
      });
      const contextText = await context.text();
      expect(contextText).toContain('"name":"lookup_answer"');
      expect(contextText).not.toContain(String(port));
      expect(contextText).not.toContain("tool-header-secret");

      expect(await runPod({ appUrl: runtime.url, runToken, workspace: dir })).toMatchObject({ outcome: "completed" });
      expect(await getRun({ tenantId, runId: run.id })).toMatchObject({
        status: "completed",
        summary: 'The tool said {"answer":"42"}',
      });
      expect(calls).toEqual([{ body: JSON.stringify({ question: "life" }), secret: "tool-header-secret" }]);
      const requests = runtime.anthropic.requests.filter((request) =>
        request.view.messages[0]?.text.includes("[[script:pod-tools]]"),
      );
      expect(requests.length).toBeGreaterThanOrEqual(2);
      for (const request of requests) {
        expect(request.view.tools).toContain("lookup_answer");
        // The image is on the task message of every turn, added by the app: the pod never uploads it.
        expect(request.view.messages[0]!.images).toBe(1);
      }
    } finally {
      endpoint.close();
    }
  });

  it("compacts a pod's conversation through the pod API, with the same agent-run.compact job as a local run", async () => {
    const { repo, token, project } = await projectWithRepo("kube-compact", "KCMP");
    const list = (inputTokens: number) => ({
      toolCalls: [{ name: "list_files", input: { path: "." } }],
      usage: { inputTokens, outputTokens: 10 },
    });
    let seen = "";
    runtime.anthropic.scripts.add({
      name: "pod-compact",
      // Past the default 100k threshold (Sonnet's window is 200k) with nothing worth masking: a summary is needed.
      turns: [
        list(3_000),
        list(3_000),
        list(120_000),
        (request) => {
          seen = request.messages[0]!.text;
          return { toolCalls: [{ name: "finish", input: { summary: "Compacted in the pod." } }] };
        },
      ],
      compaction: [
        { text: "## Task\nBump it.\n\n## Done\nPOD-SUMMARY\n\n## Pending\nFinish.\n\n## Code state\nNothing changed yet." },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Bump [[script:pod-compact]]",
      projectId: project.id,
      clusterId,
    });
    await waitFor(async () => kube.get("jobs", ns(), `al-run-${run.id}`), "the Job");
    const runToken = Buffer.from(kube.get("secrets", ns(), `run-token-${run.id}`)!.data.token, "base64").toString();
    const dir = mkdtempSync(path.join(scratch, "ws-"));
    await initContainer(repo.cloneUrl, token, `al/implement/${run.id}`, dir);

    expect(await runPod({ appUrl: runtime.url, runToken, workspace: dir, gitToken: token })).toEqual({
      outcome: "completed",
      pushed: null,
    });
    expect(seen).toContain("<summary-of-earlier-work>\n## Task\nBump it.\n\n## Done\nPOD-SUMMARY");
    const rows = await db.select().from(agentRunCompactions).where(eq(agentRunCompactions.runId, run.id));
    expect(rows).toEqual([
      expect.objectContaining({ tenantId, status: "done", sections: expect.objectContaining({ done: "POD-SUMMARY" }) }),
    ]);
    const [job] = await getBoss().findJobs(agentRunCompactJob.name, { id: rows[0]!.jobId });
    expect(job).toMatchObject({ state: "completed", data: { tenantId, compactionId: rows[0]!.id } });
    // The app metered the summary; the pod reported the compaction like any other event.
    const events = await listRunEvents({ tenantId, runId: run.id, afterSeq: null, limit: 1000 });
    expect(events.some((event) => event.type === "usage" && event.payload.purpose === "compaction")).toBe(true);
    expect(events.find((event) => event.type === "compaction")?.payload).toMatchObject({
      method: "summarised",
      droppedMessages: 2,
      promptTokensBefore: 120_010,
    });
  });

  it("checks the budget before every model call a pod makes: once it is spent the next call is refused and the run stops, keeping its work", async () => {
    const { repo, token, project } = await projectWithRepo("kube-budget", "KBUD");
    // Each turn costs $0.05 on haiku ($1/M input); the project may spend $0.06.
    await caller.budgets.set({ projectId: project.id, monthlyLimitUsd: 0.06, warnAtPercent: 80 });
    runtime.anthropic.scripts.add({
      name: "pod-spendy",
      turns: [
        { toolCalls: [{ name: "list_files", input: {} }], usage: { inputTokens: 50_000, outputTokens: 0 } },
        { toolCalls: [{ name: "list_files", input: {} }], usage: { inputTokens: 50_000, outputTokens: 0 } },
        { toolCalls: [{ name: "finish", input: { summary: "should not get here" } }] },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      model: "claude-haiku-4-5",
      mode: "implement",
      prompt: "[[script:pod-spendy]]",
      projectId: project.id,
      clusterId,
    });
    await waitFor(async () => kube.get("jobs", ns(), `al-run-${run.id}`), "the Job");
    const runToken = Buffer.from(kube.get("secrets", ns(), `run-token-${run.id}`)!.data.token, "base64").toString();
    const dir = mkdtempSync(path.join(scratch, "ws-"));
    await initContainer(repo.cloneUrl, token, `al/implement/${run.id}`, dir);

    // A budget stop is a limit: the pod stops, keeping its work, and the run fails with the reason.
    const outcome = await runPod({ appUrl: runtime.url, runToken, workspace: dir, gitToken: token });
    expect(outcome).toMatchObject({ outcome: "stopped" });
    expect(await getRun({ tenantId, runId: run.id })).toMatchObject({
      status: "failed",
      stopReason: "budget",
      error: "Stopped by the budget: The project's monthly budget of $0.06 is spent ($0.10).",
      costMicroUsd: 100_000,
    });
    const calls = runtime.anthropic.requests.filter((request) => JSON.stringify(request.body).includes("[[script:pod-spendy]]"));
    expect(calls).toHaveLength(2);
    const budgetEvents = (await listRunEvents({ tenantId, runId: run.id, afterSeq: null, limit: 1000 })).filter(
      (event) => event.type === "budget",
    );
    // Warned once (past 80% after the first call), stopped before the third.
    expect(budgetEvents.map((event) => event.payload.level)).toEqual(["warn", "stop"]);
  });

  it("thinks through the pod: a plan run's signed thinking blocks go back to Claude on the next turn, and its thinking is metered as output", async () => {
    const { repo, token, project } = await projectWithRepo("kube-think", "KTHK");
    const usages = [
      { inputTokens: 1_200, outputTokens: 900 },
      { inputTokens: 1_500, outputTokens: 300 },
    ];
    runtime.anthropic.scripts.add({
      name: "pod-thinks",
      turns: [
        {
          thinking: "The README says where the entry point is; read it first.",
          redactedThinking: true,
          toolCalls: [{ name: "read_file", input: { path: "README.md" } }],
          usage: usages[0],
        },
        {
          thinking: "Small enough for one step.",
          toolCalls: [{ name: "finish", input: { summary: "Plan: bump the default export." } }],
          usage: usages[1],
        },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      model: "claude-sonnet-4-6",
      mode: "plan",
      prompt: "Plan the bump [[script:pod-thinks]]",
      projectId: project.id,
      clusterId,
    });
    expect(run.executor).toBe("kubernetes");
    await waitFor(async () => kube.get("jobs", ns(), `al-run-${run.id}`), "the Job");
    const runToken = Buffer.from(kube.get("secrets", ns(), `run-token-${run.id}`)!.data.token, "base64").toString();
    const dir = mkdtempSync(path.join(scratch, "ws-"));
    await initContainer(repo.cloneUrl, token, `al/plan/${run.id}`, dir);

    expect(await runPod({ appUrl: runtime.url, runToken, workspace: dir, gitToken: token })).toMatchObject({
      outcome: "completed",
    });
    const calls = runtime.anthropic.requests
      .filter((request) => JSON.stringify(request.body).includes("[[script:pod-thinks]]"))
      .map(
        (request) =>
          request.body as { thinking?: unknown; max_tokens: number; messages: Array<{ role: string; content: unknown }> },
      );
    expect(calls).toHaveLength(2);
    // Plan thinks on the pod path as on a local run: the budget asked for, room above it for the answer.
    for (const body of calls) {
      expect(body.thinking).toEqual({ type: "enabled", budget_tokens: thinkingBudgetFor("plan") });
      expect(body.max_tokens).toBeGreaterThan(thinkingBudgetFor("plan")!);
      expect(body).not.toHaveProperty("temperature");
    }
    // The second call sends the first answer back as Claude sent it: its thinking and redacted
    // thinking first, the signature intact (the fake verifies it and would answer 400), then the tool call.
    const assistant = calls[1]!.messages[1]! as { role: string; content: Array<Record<string, unknown>> };
    expect(assistant.role).toBe("assistant");
    expect(assistant.content.map((block) => block.type)).toEqual(["thinking", "redacted_thinking", "tool_use"]);
    expect(assistant.content[0]).toMatchObject({
      thinking: "The README says where the entry point is; read it first.",
      signature: signThinking("The README says where the entry point is; read it first."),
    });
    expect(assistant.content[1]).toMatchObject({ data: expect.any(String) });
    // No thinking text reaches the run's events (it is the provider's, kept opaque), and its tokens are metered as output.
    const events = await listRunEvents({ tenantId, runId: run.id, afterSeq: null, limit: 1000 });
    expect(JSON.stringify(events)).not.toContain("entry point is; read it first");
    const done = await getRun({ tenantId, runId: run.id });
    const price = modelInfo("claude-sonnet-4-6")!;
    expect(done).toMatchObject({
      status: "completed",
      inputTokens: 2_700,
      outputTokens: 1_200,
      costMicroUsd: usages.reduce((sum, usage) => sum + costMicroUsd(price, usage), 0),
    });
  });

  it("mirrors a Job that fails without a report, with its pod logs, and cancel deletes the Job", async () => {
    const { project } = await projectWithRepo("kube-fail", "KFAL");
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Will crash",
      projectId: project.id,
      clusterId,
    });
    const jobName = `al-run-${run.id}`;
    await waitFor(async () => kube.get("jobs", ns(), jobName), "the Job");
    // The run token opens this run and nothing else: the pod API takes no run id at all.
    const tokenOf = (runId: number) =>
      Buffer.from(kube.get("secrets", ns(), `run-token-${runId}`)!.data.token, "base64").toString();
    const contextOf = async (token: string) =>
      fetch(`${runtime.url}/api/trpc/pod.context`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ json: { agentsMd: null } }),
      });
    const own = await contextOf(tokenOf(run.id));
    expect(((await own.json()) as { result: { data: { json: { runId: number } } } }).result.data.json.runId).toBe(run.id);
    const podName = kube.objects("pods", ns()).find((pod) => pod.metadata.labels["job-name"] === jobName)!.metadata
      .name as string;
    kube.setPodLogs(ns(), podName, "starting\nFATAL: out of memory\n");
    kube.setJobStatus(ns(), jobName, "failed", { message: "Job has reached the specified backoff limit" });
    const failed = await waitFor(async () => {
      const current = await getRun({ tenantId, runId: run.id });
      return current.status === "failed" && current;
    }, "the run to fail");
    expect(failed.error).toMatch(/^The Job failed: .*backoff limit/);
    const logs = (await listRunEvents({ tenantId, runId: run.id, afterSeq: null, limit: 1000 })).find(
      (event) => event.payload.message === "Pod logs",
    );
    expect(String(logs?.payload.text)).toContain("FATAL: out of memory");

    const cancelled = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Cancel me",
      projectId: project.id,
      clusterId,
    });
    await waitFor(async () => kube.get("jobs", ns(), `al-run-${cancelled.id}`), "the second Job");
    const cancelledToken = tokenOf(cancelled.id);
    const answer = await caller.agentRuns.cancel({ runId: cancelled.id });
    expect(kube.get("jobs", ns(), `al-run-${cancelled.id}`)).toBeUndefined();
    // The run has a pod token by now; the API answers with the run, never with the token's hash.
    expect(answer).toMatchObject({ id: cancelled.id, status: "cancelled" });
    expect(answer).not.toHaveProperty("runTokenHash");
    expect(answer).not.toHaveProperty("dispatchJobId");
    // A cancelled (or finished) run's token opens nothing.
    expect((await contextOf(cancelledToken)).status).toBe(401);
  });

  it("a pod stopped at its turn cap or by cancel-with-keep pushes its work; the app opens a draft pull request marked incomplete", async () => {
    const { repo, token, project } = await projectWithRepo("kube-limits", "KLIM");
    const write = { toolCalls: [{ name: "write_file", input: { path: "src/index.js", content: "export default 3;\n" } }] };
    const look = (depth: number) => ({ text: `Looking (${depth}).`, toolCalls: [{ name: "list_files", input: { depth } }] });
    runtime.anthropic.scripts.add({ name: "pod-cap", turns: [write, look(1), look(2), look(3)] });
    const slowly = { ...look(1), text: "Looking around slowly. ".repeat(10), chunkSize: 10, chunkDelayMs: 50 };
    runtime.anthropic.scripts.add({ name: "pod-keep", turns: [write, slowly, look(2), look(3)] });
    const tokenOf = (runId: number) =>
      Buffer.from(kube.get("secrets", ns(), `run-token-${runId}`)!.data.token, "base64").toString();

    const capped = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Cap me [[script:pod-cap]]",
      projectId: project.id,
      clusterId,
      limits: { maxTurns: 2 },
    });
    await waitFor(async () => kube.get("jobs", ns(), `al-run-${capped.id}`), "the Job");
    const cappedDir = mkdtempSync(path.join(scratch, "ws-"));
    await initContainer(repo.cloneUrl, token, `al/implement/${capped.id}`, cappedDir);
    const outcome = await runPod({ appUrl: runtime.url, runToken: tokenOf(capped.id), workspace: cappedDir, gitToken: token });
    expect(outcome).toMatchObject({ outcome: "stopped" });
    expect(await getRun({ tenantId, runId: capped.id })).toMatchObject({
      status: "failed",
      stopReason: "turns",
      error: "The run reached its cap of 2 turns.",
      summary: "Looking (1).",
    });
    expect(await repo.readFile(`al/implement/${capped.id}`, "src/index.js")).toBe("export default 3;\n");
    const pull = repo.pulls.find((entry) => entry.head.ref === `al/implement/${capped.id}`)!;
    expect(pull.draft).toBe(true);
    expect(pull.body).toContain(
      "**Incomplete.** This run stopped before the agent finished: The run reached its cap of 2 turns.",
    );
    expect((await caller.agentRuns.diffs({ runId: capped.id })).map((diff) => diff.filePath)).toEqual(["src/index.js"]);

    // Cancel-with-keep reaches the pod at its next model call; the Job is left to finish.
    const kept = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Keep me [[script:pod-keep]]",
      projectId: project.id,
      clusterId,
    });
    await waitFor(async () => kube.get("jobs", ns(), `al-run-${kept.id}`), "the second Job");
    const keptDir = mkdtempSync(path.join(scratch, "ws-"));
    await initContainer(repo.cloneUrl, token, `al/implement/${kept.id}`, keptDir);
    const pod = runPod({ appUrl: runtime.url, runToken: tokenOf(kept.id), workspace: keptDir, gitToken: token });
    await waitFor(
      async () =>
        (await listRunEvents({ tenantId, runId: kept.id, afterSeq: null, limit: 1000 })).some(
          (event) => event.type === "message_delta",
        ),
      "the second turn to stream",
    );
    await caller.agentRuns.cancel({ runId: kept.id, keepWork: true });
    expect(kube.get("jobs", ns(), `al-run-${kept.id}`)).toBeDefined();
    await expect(pod).resolves.toMatchObject({ outcome: "stopped" });
    expect(await getRun({ tenantId, runId: kept.id })).toMatchObject({ status: "cancelled", stopReason: "cancelled" });
    expect(await repo.readFile(`al/implement/${kept.id}`, "src/index.js")).toBe("export default 3;\n");
    expect(
      runtime.anthropic.requests.filter((request) => request.view.messages[0]?.text.includes("[[script:pod-keep]]")),
    ).toHaveLength(2);
    expect(repo.pulls.find((entry) => entry.head.ref === `al/implement/${kept.id}`)).toMatchObject({ draft: true });
  });

  it("revoking a connector deletes its git credential Secret from the cluster", async () => {
    const { connector } = await projectWithRepo("kube-revoke", "KREV");
    const { project } = await buildProject({ tenantId, userId, name: "Revoke run", key: "KRV2" });
    void project;
    // The secret is created when a run on the cluster uses the connector.
    const [repository] = (await caller.repositories.list()).filter((repo) => repo.fullName === "octocat/kube-revoke");
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "x",
      repositoryId: repository!.id,
      clusterId,
    });
    await waitFor(async () => kube.get("secrets", ns(), `git-cred-${connector.id}`), "the git Secret");
    await caller.agentRuns.cancel({ runId: run.id });
    const revoked = await caller.connectors.revoke({ connectorId: connector.id });
    expect(revoked.secrets).toEqual([{ clusterId, deleted: true }]);
    expect(kube.get("secrets", ns(), `git-cred-${connector.id}`)).toBeUndefined();
  });
});
