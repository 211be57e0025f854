import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, buildTenant } from "../../../db/seed";
import { runEvents, runFinished, waitFor } from "../../../test/helpers/wait";
import { callerFor } from "../../../test/helpers/caller";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let admin: GovernedTenant["admin"];
let callers: GovernedTenant["callers"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, admin, callers } = await startGovernedTenant());
});

afterAll(async () => {
  await runtime?.stop();
});

describe("model prices", () => {
  it("lets an admin add, edit and remove a workspace price; other roles, foreign ids and bad prices are refused", async () => {
    const set = await admin.modelPrices.set({
      provider: "codex",
      model: "qwen2.5-coder:32b",
      inputUsdPerMillion: 0.2,
      outputUsdPerMillion: 0.6,
    });
    // Unset cache prices are billed as input.
    expect(set).toMatchObject({ inputUsdPerMillion: 0.2, cacheWriteUsdPerMillion: 0.2, cacheReadUsdPerMillion: 0.2 });
    const edited = await admin.modelPrices.set({
      provider: "codex",
      model: "qwen2.5-coder:32b",
      inputUsdPerMillion: 0.25,
      outputUsdPerMillion: 0.75,
      cacheReadUsdPerMillion: 0.025,
    });
    expect(edited.id).toBe(set.id);
    expect(await admin.modelPrices.list()).toEqual([
      expect.objectContaining({
        id: set.id,
        provider: "codex",
        model: "qwen2.5-coder:32b",
        inputUsdPerMillion: 0.25,
        cacheReadUsdPerMillion: 0.025,
        outputUsdPerMillion: 0.75,
        updatedBy: adminId,
      }),
    ]);

    for (const role of ["pm", "dev", "qa", "viewer"] as const) {
      await expect(callers[role].modelPrices.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        callers[role].modelPrices.set({ provider: "codex", model: "mine", inputUsdPerMillion: 0, outputUsdPerMillion: 0 }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const other = await buildTenant({ name: "Elsewhere" });
    const otherAdmin = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    expect(await otherAdmin.modelPrices.list()).toEqual([]);
    await expect(otherAdmin.modelPrices.remove({ modelPriceId: set.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const bad = { provider: "codex" as const, model: "qwen2.5-coder:32b", inputUsdPerMillion: 1, outputUsdPerMillion: 1 };
    await expect(admin.modelPrices.set({ ...bad, inputUsdPerMillion: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.modelPrices.set({ ...bad, outputUsdPerMillion: 50_000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.modelPrices.set({ ...bad, model: "no spaces please" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    await admin.modelPrices.remove({ modelPriceId: set.id });
    expect(await admin.modelPrices.list()).toEqual([]);
    await expect(admin.modelPrices.remove({ modelPriceId: set.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a run on a model nobody prices with a 400 naming it and pointing to Settings; a workspace price lets it run and costs it", async () => {
    await expect(
      admin.agentRuns.create({ provider: "claude", model: "claude-in-house-1", mode: "plan", prompt: "Look around." }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/"claude-in-house-1" has no price.*Settings → Model prices/),
    });

    await admin.modelPrices.set({
      provider: "claude",
      model: "claude-in-house-1",
      inputUsdPerMillion: 2,
      outputUsdPerMillion: 10,
    });
    runtime.anthropic.scripts.add({
      name: "in-house",
      turns: [
        { toolCalls: [{ name: "finish", input: { summary: "Looked." } }], usage: { inputTokens: 10_000, outputTokens: 1_000 } },
      ],
    });
    const run = await admin.agentRuns.create({
      provider: "claude",
      model: "claude-in-house-1",
      mode: "plan",
      prompt: "[[script:in-house]]",
    });
    // 10,000 × $2/M + 1,000 × $10/M = $0.03.
    expect(await runFinished(tenantId, run.id)).toMatchObject({ status: "completed", costMicroUsd: 30_000 });
  });

  it("prices a catalog model at the workspace's price when it has one", async () => {
    await admin.modelPrices.set({
      provider: "claude",
      model: "claude-haiku-4-5",
      inputUsdPerMillion: 0.5,
      outputUsdPerMillion: 2,
    });
    runtime.anthropic.scripts.add({
      name: "negotiated",
      turns: [
        { toolCalls: [{ name: "finish", input: { summary: "Cheap." } }], usage: { inputTokens: 10_000, outputTokens: 1_000 } },
      ],
    });
    const run = await admin.agentRuns.create({
      provider: "claude",
      model: "claude-haiku-4-5",
      mode: "plan",
      prompt: "[[script:negotiated]]",
    });
    // The list price would be 10,000 × $1/M + 1,000 × $5/M = $0.015; the workspace's is half.
    expect(await runFinished(tenantId, run.id)).toMatchObject({ status: "completed", costMicroUsd: 7_000 });
  });

  it("stops a running run before its next model call once its model's price is removed", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Unpriced", key: "UNPR" });
    const price = await admin.modelPrices.set({
      provider: "claude",
      model: "claude-in-house-2",
      inputUsdPerMillion: 1,
      outputUsdPerMillion: 1,
    });
    runtime.anthropic.scripts.add({
      name: "price-removed",
      turns: [
        { toolCalls: [{ name: "run_command", input: { command: "sleep 2" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "should not get here" } }] },
      ],
    });
    const run = await admin.agentRuns.create({
      provider: "claude",
      model: "claude-in-house-2",
      mode: "implement",
      prompt: "[[script:price-removed]]",
      projectId: project.id,
    });
    await waitFor(
      async () => (await runEvents(tenantId, run.id)).some((event) => event.type === "tool_call"),
      "the first tool call",
    );
    await admin.modelPrices.remove({ modelPriceId: price.id });
    const stopped = await runFinished(tenantId, run.id);
    expect(stopped).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^Stopped by the budget: The model "claude-in-house-2" has no price/),
    });
    const calls = runtime.anthropic.requests.filter((request) =>
      JSON.stringify(request.body).includes("[[script:price-removed]]"),
    );
    expect(calls).toHaveLength(1);
  });
});
