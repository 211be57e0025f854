import { createHmac } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { agentRunRepos, tickets, webhookDeliveries } from "../../../db/schema";
import { createTicket } from "../tickets/create-ticket";
import { runFinished, waitFor } from "../../../test/helpers/wait";
import { startGitHubPipeline, type GitHubPipeline } from "../../../test/helpers/github-pipeline";

let runtime: GitHubPipeline["runtime"];
let tenantId: number;
let userId: number;
let caller: GitHubPipeline["caller"];
let setUpProject: GitHubPipeline["setUpProject"];

beforeAll(async () => {
  ({ runtime, tenantId, userId, caller, setUpProject } = await startGitHubPipeline());
});

afterAll(async () => {
  await runtime?.stop();
});

const finished = (runId: number) => runFinished(tenantId, runId);

describe("webhooks", () => {
  it("verify signatures, drop replays, and move the ticket to Done when its pull request merges; checks show CI status", async () => {
    const { repo, project, repository } = await setUpProject("hooked", "HOOK");
    const hook = await caller.repositories.setupWebhook({ repositoryId: repository.id });
    expect(hook.created).toBe(true);
    expect((await caller.repositories.setupWebhook({ repositoryId: repository.id })).created).toBe(false);
    expect(repo.hooks[0]!.config.url).toBe(`${runtime.env.APP_URL}/webhooks/github/${hook.id}`);

    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Ship via PR" });
    runtime.anthropic.scripts.add({
      name: "hooked",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "a.txt", content: "a\n" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "a" } }] },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:hooked]]",
      ticketId: ticket.id,
    });
    const done = await finished(run.id);
    expect(done.prNumber).toBe(1);

    // CI reports on the PR's head commit: the run's repository and the ticket card show it.
    const [link] = await db.select({ headSha: agentRunRepos.headSha }).from(agentRunRepos).where(eq(agentRunRepos.runId, run.id));
    await runtime.github.addCheckRun(repo.fullName, {
      headSha: link!.headSha!,
      name: "ci",
      status: "completed",
      conclusion: "failure",
    });
    await waitFor(async () => {
      const [row] = await db.select({ ciStatus: tickets.ciStatus }).from(tickets).where(eq(tickets.id, ticket.id));
      return row?.ciStatus === "failure";
    }, "CI status on the ticket");

    await runtime.github.mergePull(repo.fullName, 1);
    await runtime.github.idle();
    const moved = await waitFor(async () => {
      const [row] = await db.select({ columnKey: tickets.columnKey }).from(tickets).where(eq(tickets.id, ticket.id));
      return row?.columnKey === "done" && row;
    }, "the ticket to move to done");
    expect(moved.columnKey).toBe("done");
    const [merged] = await db
      .select({ prState: agentRunRepos.prState })
      .from(agentRunRepos)
      .where(eq(agentRunRepos.runId, run.id));
    expect(merged!.prState).toBe("merged");

    // A forged delivery is refused and leaves nothing behind; a replay is dropped.
    const body = JSON.stringify({ action: "closed", pull_request: { number: 1, merged: true } });
    const before = await db.select({ count: sql<number>`count(*)::int` }).from(webhookDeliveries);
    const forged = await fetch(`${runtime.url}/webhooks/github/${hook.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": "forged-1",
        "x-hub-signature-256": "sha256=" + "0".repeat(64),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const after = await db.select({ count: sql<number>`count(*)::int` }).from(webhookDeliveries);
    expect(after[0]!.count).toBe(before[0]!.count);

    const delivery = runtime.github.deliveries.find((entry) => entry.event === "pull_request")!;
    const replay = await fetch(`${runtime.url}/webhooks/github/${hook.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": delivery.id,
        "x-hub-signature-256": `sha256=${createHmac("sha256", "wrong").update(body).digest("hex")}`,
      },
      body,
    });
    expect(replay.status).toBe(401);
  });
});
