import { Octokit } from "@octokit/rest";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { boardEvents, ticketActivity, tickets, webhookDeliveries } from "../../../db/schema";
import { startGitHubPipeline, type GitHubPipeline } from "../../../test/helpers/github-pipeline";
import { runFinished, waitFor } from "../../../test/helpers/wait";
import { createTicket } from "./create-ticket";

let pipeline: GitHubPipeline;

beforeAll(async () => {
  pipeline = await startGitHubPipeline();
});

afterAll(async () => {
  await pipeline?.runtime.stop();
});

const columnOf = async (ticketId: number) =>
  (await db.select({ columnKey: tickets.columnKey }).from(tickets).where(eq(tickets.id, ticketId)))[0]!.columnKey;

const historyOf = (ticketId: number) =>
  db
    .select({ kind: ticketActivity.kind, actorId: ticketActivity.actorId, data: ticketActivity.data })
    .from(ticketActivity)
    .where(and(eq(ticketActivity.ticketId, ticketId)))
    .orderBy(asc(ticketActivity.id));

const processed = () =>
  waitFor(async () => {
    await pipeline.runtime.github.idle();
    const rows = await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries);
    return rows.every((row) => row.status === "processed");
  }, "every delivery processed");

/** A ticket in Backlog, an implement run on it that opens a pull request, and the run finished. */
async function ticketWithPullRequest(name: string, key: string, setUp?: (projectId: number) => Promise<void>) {
  const { caller, runtime, tenantId, userId } = pipeline;
  const { repo, project, repository } = await pipeline.setUpProject(name, key);
  await caller.repositories.setupWebhook({ repositoryId: repository.id });
  await setUp?.(project.id);
  const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: `Ship ${name}` });
  runtime.anthropic.scripts.add({
    name,
    turns: [
      { toolCalls: [{ name: "write_file", input: { path: `${name}.txt`, content: "a\n" } }] },
      { toolCalls: [{ name: "finish", input: { summary: name } }] },
    ],
  });
  const run = await caller.agentRuns.create({
    provider: "claude",
    mode: "implement",
    prompt: `[[script:${name}]]`,
    ticketId: ticket.id,
  });
  const done = await runFinished(tenantId, run.id);
  expect(done.status).toBe("completed");
  await processed();
  return { repo, project, ticket, run, prNumber: done.prNumber! };
}

describe("board automation", () => {
  it("moves a ticket In progress when its run starts, In review when the PR opens, Done on merge, each move attributed", async () => {
    const { repo, project, ticket, run, prNumber } = await ticketWithPullRequest("flows", "FLOW");
    expect(await columnOf(ticket.id)).toBe("review");

    await pipeline.runtime.github.mergePull(repo.fullName, prNumber);
    await processed();
    expect(await columnOf(ticket.id)).toBe("done");

    const moves = (await historyOf(ticket.id)).filter((line) => line.kind === "moved");
    expect(moves).toEqual([
      {
        kind: "moved",
        actorId: null,
        data: { from: "backlog", to: "in_progress", cause: { kind: "run", event: "started", runId: run.id } },
      },
      {
        kind: "moved",
        actorId: null,
        data: {
          from: "in_progress",
          to: "review",
          cause: expect.objectContaining({ kind: "pull_request", event: "opened", runId: run.id, number: prNumber }),
        },
      },
      {
        kind: "moved",
        actorId: null,
        data: {
          from: "review",
          to: "done",
          cause: expect.objectContaining({ kind: "pull_request", event: "merged", number: prNumber, by: "octocat" }),
        },
      },
    ]);
    // Every open board heard of each move.
    const events = await db
      .select({ kind: boardEvents.kind })
      .from(boardEvents)
      .where(and(eq(boardEvents.ticketId, ticket.id)))
      .orderBy(asc(boardEvents.id));
    expect(events.filter((event) => event.kind === "moved")).toHaveLength(3);
    const board = await pipeline.caller.projects.board({ projectId: project.id });
    const card = board.tickets.find((candidate) => candidate.id === ticket.id)!;
    expect(card.latestRun).toMatchObject({ id: run.id, status: "completed", prNumber });
  }, 120_000);

  it("moves a ticket only forward: a second run on a ticket in review leaves it there", async () => {
    const { caller, runtime, tenantId } = pipeline;
    const { ticket } = await ticketWithPullRequest("again", "AGN");
    runtime.anthropic.scripts.add({
      name: "again-2",
      turns: [{ toolCalls: [{ name: "finish", input: { summary: "looked" } }] }],
    });
    const second = await caller.agentRuns.create({
      provider: "claude",
      mode: "plan",
      prompt: "[[script:again-2]]",
      ticketId: ticket.id,
    });
    const done = await runFinished(tenantId, second.id);
    expect({ status: done.status, error: done.error }).toEqual({ status: "completed", error: null });
    expect(await columnOf(ticket.id)).toBe("review");
  }, 120_000);

  it("takes the ticket back to where it was when the pull request closes unmerged", async () => {
    const { repo, ticket, prNumber } = await ticketWithPullRequest("abandoned", "GONE");
    const [owner, name] = repo.fullName.split("/") as [string, string];
    const octokit = new Octokit({ auth: pipeline.token, baseUrl: pipeline.runtime.env.GITHUB_API_URL });
    await octokit.rest.pulls.update({ owner, repo: name, pull_number: prNumber, state: "closed" });
    await processed();
    expect(await columnOf(ticket.id)).toBe("in_progress");
    const last = (await historyOf(ticket.id)).at(-1)!;
    expect(last.data).toMatchObject({ from: "review", to: "in_progress", cause: { event: "closed", by: "octocat" } });
  }, 120_000);

  it("leaves the card where it is and says why when the target column is at its WIP limit", async () => {
    const { caller, tenantId, userId } = pipeline;
    const { ticket } = await ticketWithPullRequest("crowded", "WIP", async (projectId) => {
      const board = await caller.projects.board({ projectId });
      const columns = board.board.columns.map((column) => ({ ...column, wipLimit: column.key === "review" ? 1 : null }));
      await caller.projects.updateColumns({ boardId: board.board.id, columns });
      const blocker = await createTicket({ tenantId, userId, projectId, title: "Already in review" });
      await caller.tickets.move({ ticketId: blocker.id, toColumnKey: "review", afterTicketId: null });
    });
    expect(await columnOf(ticket.id)).toBe("in_progress");
    const refused = (await historyOf(ticket.id)).find((line) => line.kind === "move_refused");
    expect(refused?.data).toMatchObject({ from: "in_progress", to: "review", cause: { event: "opened" } });
    expect(String(refused?.data.reason)).toMatch(/WIP limit/);
  }, 120_000);

  it("follows the project's own mapping, and refuses a column the board does not have", async () => {
    const { caller } = pipeline;
    const { ticket } = await ticketWithPullRequest("mapped", "MAP", async (projectId) => {
      await expect(
        caller.projects.updateAutomation({
          projectId,
          automation: { runStarted: "nowhere", prOpened: null, prMerged: "done", prClosed: "previous" },
        }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: 'There is no column "nowhere" on this board.' });
      const saved = await caller.projects.updateAutomation({
        projectId,
        automation: { runStarted: "todo", prOpened: null, prMerged: "done", prClosed: "previous" },
      });
      expect(saved).toEqual({ runStarted: "todo", prOpened: null, prMerged: "done", prClosed: "previous" });
    });
    expect(await columnOf(ticket.id)).toBe("todo");
  }, 120_000);
});
