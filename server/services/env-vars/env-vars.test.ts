import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { envVars } from "../../../db/schema";
import { buildProject } from "../../../db/seed";
import { runEvents, runFinished } from "../../../test/helpers/wait";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let admin: GovernedTenant["admin"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, admin } = await startGovernedTenant());
});

afterAll(async () => {
  await runtime?.stop();
});

const finished = (runId: number) => runFinished(tenantId, runId);

describe("env vars", () => {
  it("are sealed at rest, reach the agent's commands, and are masked in every event", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Env", key: "ENVS" });
    const set = await admin.envVars.createSet({ name: "secrets", scope: "project", scopeId: project.id });
    await admin.envVars.setVar({ setId: set.id, key: "DEPLOY_TOKEN", value: "s3cr3t-deploy-value" });
    const [stored] = await db.select({ ciphertext: envVars.valueCiphertext }).from(envVars).where(eq(envVars.setId, set.id));
    expect(stored!.ciphertext).not.toContain("s3cr3t");
    expect(JSON.stringify(await admin.envVars.list())).not.toContain("s3cr3t");
    await expect(admin.envVars.setVar({ setId: set.id, key: "bad key", value: "x" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // Names the runner sets itself are refused, however they are spelt, naming the field.
    for (const key of ["path", "PATH", "Home", "GIT_DIR", "ld_preload", "NODE_OPTIONS"]) {
      await expect(admin.envVars.setVar({ setId: set.id, key, value: "x" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/^key: .*(set by the runner|reserved for the runner)/),
      });
    }
    await admin.envVars.setVar({ setId: set.id, key: "PATHFINDER", value: "allowed" });

    runtime.openai.scripts.add({
      name: "leaky",
      turns: [
        { toolCalls: [{ name: "run_command", input: { command: 'echo "token is $DEPLOY_TOKEN"' } }] },
        (request) => ({
          text: `I saw: ${request.messages[request.messages.length - 1]!.toolResults[0]!.content}`,
          toolCalls: [{ name: "finish", input: { summary: "s3cr3t-deploy-value leaked?" } }],
        }),
      ],
    });
    const run = await admin.agentRuns.create({
      provider: "codex",
      mode: "implement",
      prompt: "[[script:leaky]]",
      projectId: project.id,
    });
    expect((await finished(run.id)).status).toBe("completed");
    // The command really had the value (the model saw it), but no stored event does.
    const modelSaw = runtime.openai.requests.some((request) =>
      JSON.stringify(request.body).includes("token is s3cr3t-deploy-value"),
    );
    expect(modelSaw).toBe(true);
    const events = JSON.stringify(await runEvents(tenantId, run.id, 500));
    expect(events).not.toContain("s3cr3t-deploy-value");
    expect(events).toContain("token is ***");
  });
});
