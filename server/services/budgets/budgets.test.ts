import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../../db/seed";
import { runEvents, runFinished } from "../../../test/helpers/wait";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";
import { buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";

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

const finished = (runId: number) => runFinished(tenantId, runId);

describe("budgets", () => {
  it("refuse runs over the monthly budget, stop a run that crosses it at the next model call, and warn at 80%", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Budgeted", key: "BUDG" });
    // Tokens are priced; make each turn cost ~$0.05 with haiku's $1/M input.
    runtime.anthropic.scripts.add({
      name: "spendy",
      turns: [
        { toolCalls: [{ name: "list_files", input: {} }], usage: { inputTokens: 50_000, outputTokens: 0 } },
        { toolCalls: [{ name: "list_files", input: {} }], usage: { inputTokens: 50_000, outputTokens: 0 } },
        { toolCalls: [{ name: "finish", input: { summary: "should not get here" } }] },
      ],
    });
    await admin.budgets.set({ projectId: project.id, monthlyLimitUsd: 0.06, warnAtPercent: 80 });
    const run = await admin.agentRuns.create({
      provider: "claude",
      model: "claude-haiku-4-5",
      mode: "implement",
      prompt: "[[script:spendy]]",
      projectId: project.id,
    });
    const stopped = await finished(run.id);
    expect(stopped.status).toBe("failed");
    expect(stopped.error).toMatch(/^Stopped by the budget: The project's monthly budget of \$0\.06 is spent/);
    const budgetEvents = (await runEvents(tenantId, run.id, 500)).filter((event) => event.type === "budget");
    // The first turn took it past 80% (a warning), the second past 100% (the stop, before a third model call).
    expect(budgetEvents.map((event) => event.payload.level)).toEqual(["warn", "stop"]);
    expect(await admin.budgets.get({ projectId: project.id })).toMatchObject({ state: "exceeded", spentMicroUsd: 100_000 });
    await expect(
      admin.agentRuns.create({ provider: "claude", mode: "plan", prompt: "more", projectId: project.id }),
    ).rejects.toThrow(/monthly budget of \$0\.06 is spent/);

    // A per-run limit stops one expensive run while the project still has money.
    const { project: capped } = await buildProject({ tenantId, userId: adminId, name: "Capped", key: "CAPD" });
    await admin.budgets.set({ projectId: capped.id, monthlyLimitUsd: 10, perRunLimitUsd: 0.03 });
    runtime.anthropic.scripts.add({
      name: "one-big-run",
      turns: [
        { toolCalls: [{ name: "list_files", input: {} }], usage: { inputTokens: 40_000, outputTokens: 0 } },
        { toolCalls: [{ name: "finish", input: { summary: "too late" } }] },
      ],
    });
    const big = await admin.agentRuns.create({
      provider: "claude",
      model: "claude-haiku-4-5",
      mode: "implement",
      prompt: "[[script:one-big-run]]",
      projectId: capped.id,
    });
    expect(await finished(big.id)).toMatchObject({
      status: "failed",
      error: "Stopped by the budget: The run reached its limit of $0.03 (spent $0.04).",
    });

    // Warning threshold: a fresh project at 80%+ of its budget warns but carries on.
    const { project: warned } = await buildProject({ tenantId, userId: adminId, name: "Warned", key: "WARN" });
    runtime.anthropic.scripts.add({
      name: "warned",
      turns: [
        { toolCalls: [{ name: "list_files", input: {} }], usage: { inputTokens: 85_000, outputTokens: 0 } },
        { toolCalls: [{ name: "finish", input: { summary: "done" } }], usage: { inputTokens: 1_000, outputTokens: 0 } },
      ],
    });
    await admin.budgets.set({ projectId: warned.id, monthlyLimitUsd: 0.1 });
    const ok = await admin.agentRuns.create({
      provider: "claude",
      model: "claude-haiku-4-5",
      mode: "implement",
      prompt: "[[script:warned]]",
      projectId: warned.id,
    });
    expect(await finished(ok.id)).toMatchObject({ status: "completed" });
    const warnings = (await runEvents(tenantId, ok.id, 500)).filter((event) => event.type === "budget");
    expect(warnings).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ level: "warn", message: expect.stringContaining("85%") }) }),
    ]);
  });

  it("remove a budget on 'No limit': runs start again, the removal is audited, and only managers of the project's tenant may", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Unlimited", key: "UNLIM" });
    await admin.budgets.set({ projectId: project.id, monthlyLimitUsd: 0 });
    await expect(
      admin.agentRuns.create({ provider: "claude", mode: "plan", prompt: "blocked", projectId: project.id }),
    ).rejects.toThrow(/monthly budget of \$0\.00 is spent/);

    await expect(callers.dev.budgets.remove({ projectId: project.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await buildTenant({ name: "Elsewhere" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(stranger.budgets.remove({ projectId: project.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await admin.budgets.get({ projectId: project.id })).toMatchObject({ state: "exceeded" });

    expect(await admin.budgets.remove({ projectId: project.id })).toEqual({ projectId: project.id, removed: true });
    expect(await admin.budgets.get({ projectId: project.id })).toMatchObject({ budget: null, state: "none" });
    const [audited] = (await admin.audit.list({ action: "budgets.remove", limit: 1 })).items;
    expect(audited).toMatchObject({ action: "budgets.remove", targetId: String(project.id) });
    const run = await admin.agentRuns.create({ provider: "claude", mode: "plan", prompt: "free again", projectId: project.id });
    expect(run.status).toBe("queued");
    await admin.agentRuns.cancel({ runId: run.id }).catch(() => undefined);
  });

  it("refuse a budget that is not a number of dollars with a message naming the field", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Typo", key: "TYPO" });
    await expect(admin.budgets.set({ projectId: project.id, monthlyLimitUsd: -1 })).rejects.toThrow(
      "Monthly budget must be 0 or more",
    );
  });
});
