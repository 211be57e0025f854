import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { agentRunRepos } from "../../../db/schema";
import { buildRepository, buildRun, buildTenant } from "../../../db/seed";
import { createLogger } from "../../logger";
import { attachRunRepository, listRunRepositories, updateRunRepository } from "../agent-runs/run-repos";
import { processGitHubEvent } from "./process-github-event";
import type { GitHubEvent } from "./summarise-delivery";

/** Check events for one commit, processed at once as pg-boss's workers do, on the real database. */
describe("recording CI checks", () => {
  it("loses no update when many checks of one commit complete at once: the run shows success", async () => {
    const { tenant } = await buildTenant();
    const repository = await buildRepository({ tenantId: tenant.id });
    const run = await buildRun({ tenantId: tenant.id });
    const headSha = randomBytes(20).toString("hex");
    await attachRunRepository(db, {
      tenantId: tenant.id,
      runId: run.id,
      repositoryId: repository.id,
      branchName: "lime/checks",
      baseBranch: "main",
    });
    const [runRepo] = await listRunRepositories({ tenantId: tenant.id, runId: run.id });
    await updateRunRepository({ tenantId: tenant.id, runId: run.id, runRepoId: runRepo!.id, set: { headSha } });
    const logger = createLogger("silent");
    const checkEvent = (index: number, status: string, conclusion: string | null): GitHubEvent => ({
      event: "check_run",
      action: status === "completed" ? "completed" : "created",
      check: { headSha, source: `check:1:job-${index}`, signalId: 1_000 + index, status, conclusion },
    });
    const process = (event: GitHubEvent) =>
      processGitHubEvent({ tenantId: tenant.id, repositoryId: repository.id, event, logger });
    const jobs = Array.from({ length: 16 }, (_, index) => index);

    // Every job starts (one after another), then all complete together.
    for (const index of jobs) await process(checkEvent(index, "in_progress", null));
    const results = await Promise.all(jobs.map((index) => process(checkEvent(index, "completed", "success"))));

    // Each event computed the aggregate with every earlier one's row: exactly one saw all sixteen done.
    expect(results.filter((result) => "status" in result && result.status === "success")).toHaveLength(1);
    const [stored] = await db
      .select({ checksStatus: agentRunRepos.checksStatus })
      .from(agentRunRepos)
      .where(eq(agentRunRepos.runId, run.id));
    expect(stored).toEqual({ checksStatus: "success" });
  });
});
