import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgentRuntime } from "../../../test/helpers/agent-runtime";
import { db } from "../../../db/client";
import { agentRuns, features } from "../../../db/schema";
import { buildRepository, buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { eq } from "drizzle-orm";

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
beforeAll(async () => {
  runtime = await startAgentRuntime();
});
afterAll(async () => {
  await runtime?.stop();
});

describe("features", () => {
  it("refuse to be saved without a repository, with the reason on the repositories field", async () => {
    const { tenant, admin } = await buildTenant({ name: "Features" });
    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    const refused = await caller.features.create({ name: "Lonely", repositories: [] }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect((refused as { cause: { issues: { path: string[]; message: string }[] } }).cause.issues).toEqual([
      expect.objectContaining({
        path: ["repositories"],
        message: "Choose at least one repository: a run on the feature works in each of them.",
      }),
    ]);
    const repository = await buildRepository({ tenantId: tenant.id });
    const saved = await caller.features.create({ name: "Mapped", repositories: [{ repositoryId: repository.id }] });
    await expect(caller.features.update({ featureId: saved.id, name: "Mapped", repositories: [] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("refuse a run on a feature that maps to no repository before anything is queued", async () => {
    const { tenant, admin } = await buildTenant({ name: "Old features" });
    const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
    // Saved before features needed a repository.
    const [legacy] = await db.insert(features).values({ tenantId: tenant.id, name: "Legacy" }).returning();
    await expect(
      caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "Do it", featureId: legacy!.id }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'The feature "Legacy" has no repositories; add one on the Features page first.',
    });
    expect(await db.select().from(agentRuns).where(eq(agentRuns.tenantId, tenant.id))).toEqual([]);
  });
});
