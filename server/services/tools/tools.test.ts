import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "../../../test/helpers/receiver";
import { runFinished } from "../../../test/helpers/wait";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let admin: GovernedTenant["admin"];

beforeAll(async () => {
  ({ runtime, tenantId, admin } = await startGovernedTenant());
});

afterAll(async () => {
  await runtime?.stop();
});

const finished = (runId: number) => runFinished(tenantId, runId);

describe("custom tools", () => {
  it("are offered to the model per the provider's allowlist and called over HTTP", async () => {
    const endpoint = await startReceiver();
    const tool = await admin.tools.create({
      name: "lookup_customer",
      description: "Find a customer by email.",
      inputSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] },
      endpointUrl: `${endpoint.url}/lookup`,
      headers: { authorization: "Bearer tool-secret" },
    });
    await expect(
      admin.tools.create({ name: "read_file", description: "x", inputSchema: { type: "object" }, endpointUrl: endpoint.url }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await admin.tools.setAllowlist({ provider: "codex", toolNames: ["something_else"] });

    runtime.anthropic.scripts.add({
      name: "tool-user",
      turns: [
        { toolCalls: [{ name: "lookup_customer", input: { email: "ada@example.com" } }] },
        (request) => ({
          toolCalls: [
            { name: "finish", input: { summary: request.messages[request.messages.length - 1]!.toolResults[0]!.content } },
          ],
        }),
      ],
    });
    const run = await admin.agentRuns.create({ provider: "claude", mode: "plan", prompt: "[[script:tool-user]]" });
    const done = await finished(run.id);
    expect(JSON.parse(done.summary!)).toEqual({ ok: true, echo: { email: "ada@example.com" } });
    expect(endpoint.received[0]!.headers.authorization).toBe("Bearer tool-secret");
    const offered = runtime.anthropic.requests.find((request) =>
      request.view.messages[0]?.text.includes("[[script:tool-user]]"),
    )!;
    expect(offered.view.tools).toContain("lookup_customer");

    // Codex's allowlist does not include it: not offered.
    runtime.openai.scripts.add({ name: "no-tool", turns: [{ toolCalls: [{ name: "finish", input: { summary: "ok" } }] }] });
    const other = await admin.agentRuns.create({ provider: "codex", mode: "plan", prompt: "[[script:no-tool]]" });
    await finished(other.id);
    expect(
      runtime.openai.requests.find((request) => request.view.messages[0]?.text.includes("[[script:no-tool]]"))!.view.tools,
    ).not.toContain("lookup_customer");
    expect(JSON.stringify(await admin.tools.list())).not.toContain("tool-secret");
    await admin.tools.delete({ toolId: tool.id });
    await endpoint.close();
  });
});
