import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject } from "../../../db/seed";
import { startReceiver } from "../../../test/helpers/receiver";
import { runFinished, waitFor } from "../../../test/helpers/wait";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let admin: GovernedTenant["admin"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, admin } = await startGovernedTenant());
  // The receivers listen on loopback, which the outbound guard refuses unless a workspace admin allows it.
  await admin.outbound.add({ host: "127.0.0.1" });
});

afterAll(async () => {
  await runtime?.stop();
});

const finished = (runId: number) => runFinished(tenantId, runId);

describe("hooks", () => {
  it("deliver signed webhooks on run completion, retry failures with backoff, and run scripts without the app's secrets", async () => {
    const sink = await startReceiver({ statuses: [500, 200] });
    const hook = await admin.hooks.create({
      name: "notify",
      event: "run.completed",
      kind: "webhook",
      targetUrl: `${sink.url}/hook`,
    });
    expect(hook.secret).toMatch(/^[a-f0-9]{48}$/);
    await expect(
      admin.hooks.create({ name: "plain", event: "run.completed", kind: "webhook", targetUrl: "http://example.com/x" }),
    ).rejects.toThrow(/https/);
    process.env.HOOK_PROBE_SECRET = "app-only-secret";
    const script = await admin.hooks.create({
      name: "script",
      event: "run.completed",
      kind: "script",
      script: 'cat; echo; echo "probe=${HOOK_PROBE_SECRET:-none} event=$HOOK_EVENT"',
      timeoutSeconds: 5,
    });

    runtime.anthropic.scripts.add({
      name: "hooked-run",
      turns: [{ toolCalls: [{ name: "finish", input: { summary: "hooked" } }] }],
    });
    const run = await admin.agentRuns.create({ provider: "claude", mode: "plan", prompt: "[[script:hooked-run]]" });
    await finished(run.id);

    const delivered = await waitFor(async () => {
      const list = await admin.hooks.deliveries({ hookId: hook.id });
      return list[0]?.status === "delivered" && list[0];
    }, "the webhook delivery after a retry");
    expect(delivered.attempts).toBe(2);
    expect(sink.received).toHaveLength(2);
    const { headers, body } = sink.received[1]!;
    expect(headers["x-assembly-lime-event"]).toBe("run.completed");
    expect(headers["x-assembly-lime-signature-256"]).toBe(
      `sha256=${createHmac("sha256", hook.secret!).update(body).digest("hex")}`,
    );
    expect(JSON.parse(body)).toMatchObject({
      event: "run.completed",
      payload: { runId: run.id, status: "completed", summary: "hooked" },
    });

    const scripted = await waitFor(async () => {
      const list = await admin.hooks.deliveries({ hookId: script.id });
      return list[0]?.status === "delivered" && list[0];
    }, "the script delivery");
    expect(scripted.responseBodyExcerpt).toContain(`"runId":${run.id}`);
    expect(scripted.responseBodyExcerpt).toContain("probe=none event=run.completed");
    await sink.close();
  });
});

describe("hooks on board moves", () => {
  it("deliver ticket.moved for a move to another column (committed with the move), not for a reorder", async () => {
    const sink = await startReceiver();
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Hooked board", key: "HOOK" });
    const first = await admin.tickets.create({ projectId: project.id, title: "First" });
    const second = await admin.tickets.create({ projectId: project.id, title: "Second" });
    const hook = await admin.hooks.create({
      name: "moves",
      event: "ticket.moved",
      kind: "webhook",
      targetUrl: `${sink.url}/moves`,
    });

    await admin.tickets.move({ ticketId: first.id, toColumnKey: "backlog", afterTicketId: second.id }); // reorder only
    await admin.tickets.move({ ticketId: first.id, toColumnKey: "review", afterTicketId: null });
    const delivered = await waitFor(async () => {
      const list = await admin.hooks.deliveries({ hookId: hook.id });
      return list[0]?.status === "delivered" && list;
    }, "the ticket.moved delivery");
    expect(delivered).toHaveLength(1);
    expect(JSON.parse(sink.received[0]!.body)).toMatchObject({
      event: "ticket.moved",
      payload: { ticketId: first.id, from: "backlog", to: "review", actorId: adminId },
    });
    await admin.hooks.delete({ hookId: hook.id });
    await sink.close();
  });
});

describe("hooks and the outbound guard", () => {
  it("refuse a blocked address when saved, with a field error", async () => {
    for (const targetUrl of ["https://169.254.169.254/latest/meta-data/", "https://10.0.0.7/x", "https://[::ffff:127.0.0.2]/x"])
      await expect(
        admin.hooks.create({ name: "metadata", event: "run.completed", kind: "webhook", targetUrl }),
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/^targetUrl: Refused to connect to .* address/),
      });
  });

  it("record a delivery to an address no longer allowed as failed, with the reason, without retrying", async () => {
    const sink = await startReceiver();
    const hook = await admin.hooks.create({
      name: "later refused",
      event: "pr.merged",
      kind: "webhook",
      targetUrl: `${sink.url}/x`,
    });
    const allowed = (await admin.outbound.list()).find((row) => row.host === "127.0.0.1")!;
    await admin.outbound.remove({ id: allowed.id });
    try {
      await admin.hooks.test({ hookId: hook.id });
      const failed = await waitFor(async () => {
        const list = await admin.hooks.deliveries({ hookId: hook.id });
        return list[0]?.status === "failed" && list[0];
      }, "the refused delivery");
      expect(failed).toMatchObject({
        attempts: 1,
        error: expect.stringContaining("Refused to connect to 127.0.0.1: a loopback address"),
      });
      expect(sink.received).toHaveLength(0);
    } finally {
      await admin.outbound.add({ host: "127.0.0.1" });
      await admin.hooks.delete({ hookId: hook.id });
      await sink.close();
    }
  });
});
