import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../db/seed";
import { startGovernedTenant, type GovernedTenant } from "../test/helpers/governed-tenant";

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

describe("the CLI", () => {
  it("lists projects and tickets, creates a ticket, launches a run and follows it to the end, with an API key", async () => {
    const { execFile } = await import("node:child_process");
    const path = await import("node:path");
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Command line", key: "CLI" });
    const { key } = await admin.apiKeys.create({ name: "cli", scopes: ["workspace:read", "tickets:write", "runs:launch"] });
    const cli = (...args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile(
          process.execPath,
          ["--import", "tsx", "server/cli.ts", ...args],
          {
            cwd: path.resolve(import.meta.dirname, ".."),
            env: { NODE_ENV: "test", PATH: process.env.PATH, AL_URL: runtime.url, AL_API_KEY: key },
            timeout: 60_000,
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
        );
      });
    expect((await cli("projects")).out).toContain("CLI\tCommand line");
    const created = await cli("ticket", "CLI", "Wire", "the", "CLI");
    expect(created).toMatchObject({ code: 0, out: "CLI-1\tWire the CLI\n" });
    expect((await cli("tickets", "CLI")).out).toContain("CLI-1\tbacklog\tWire the CLI");

    runtime.anthropic.scripts.add({
      name: "cli-run",
      turns: [{ text: "On it.", toolCalls: [{ name: "finish", input: { summary: "Done from the CLI." } }] }],
    });
    const run = await cli("run", "CLI-1", "Do", "it", "[[script:cli-run]]", "--mode", "plan");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^run \d+ queued/);
    expect(run.out).toContain("[status] running");
    expect(run.out).toContain("[agent] On it.");
    expect(run.out).toContain("Done from the CLI.");
    expect(run.out).toContain("[status] completed");
    expect((await cli("nonsense")).code).toBe(2);
    void project;
  });
});
