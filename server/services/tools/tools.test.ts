import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "../../../test/helpers/receiver";
import { runFinished } from "../../../test/helpers/wait";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let admin: GovernedTenant["admin"];

beforeAll(async () => {
  ({ runtime, tenantId, admin } = await startGovernedTenant());
  // The endpoints listen on loopback, which the outbound guard refuses unless a workspace admin allows it.
  await admin.outbound.add({ host: "127.0.0.1" });
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

describe("custom tools and the outbound guard", () => {
  it("refuse a blocked address when saved or changed, with a field error", async () => {
    await expect(
      admin.tools.create({
        name: "meta",
        description: "x",
        inputSchema: { type: "object" },
        endpointUrl: "http://169.254.169.254/",
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^endpointUrl: Refused .* linkLocal address/),
    });
    const endpoint = await startReceiver();
    const tool = await admin.tools.create({
      name: "ok_tool",
      description: "x",
      inputSchema: { type: "object" },
      endpointUrl: endpoint.url,
    });
    await expect(admin.tools.update({ toolId: tool.id, endpointUrl: "http://[fd12::1]/" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^endpointUrl: Refused .* uniqueLocal address/),
    });
    await admin.tools.delete({ toolId: tool.id });
    await endpoint.close();
  });

  it("answer the model with the refusal when the endpoint's address is no longer allowed", async () => {
    const endpoint = await startReceiver();
    const tool = await admin.tools.create({
      name: "internal_lookup",
      description: "Look something up.",
      inputSchema: { type: "object" },
      endpointUrl: `${endpoint.url}/lookup`,
    });
    const allowed = (await admin.outbound.list()).find((row) => row.host === "127.0.0.1")!;
    await admin.outbound.remove({ id: allowed.id });
    try {
      runtime.anthropic.scripts.add({
        name: "refused-tool",
        turns: [
          { toolCalls: [{ name: "internal_lookup", input: {} }] },
          (request) => {
            const result = request.messages[request.messages.length - 1]!.toolResults[0]!;
            return { toolCalls: [{ name: "finish", input: { summary: `${String(result.isError)}: ${result.content}` } }] };
          },
        ],
      });
      const run = await admin.agentRuns.create({ provider: "claude", mode: "plan", prompt: "[[script:refused-tool]]" });
      const done = await finished(run.id);
      expect(done.status).toBe("completed");
      expect(done.summary).toContain("Refused to connect to 127.0.0.1: a loopback address");
      expect(endpoint.received).toHaveLength(0);
    } finally {
      await admin.outbound.add({ host: "127.0.0.1" });
      await admin.tools.delete({ toolId: tool.id });
      await endpoint.close();
    }
  });
});
