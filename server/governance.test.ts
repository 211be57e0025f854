import { createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { auditLog, envVars, roles, userRoles } from "../db/schema";
import { addMember, buildProject, buildTenant, buildUser } from "../db/seed";
import { startAgentRuntime } from "../test/helpers/agent-runtime";
import { callerFor } from "../test/helpers/caller";
import { startReceiver } from "../test/helpers/receiver";
import { createHttpClient } from "../test/helpers/trpc-client";
import { ROLE_PERMISSIONS } from "./auth/permissions";
import { ROLE_KEYS, type RoleKey } from "./auth/roles";
import { appRouter } from "./routers/app-router";
import { declaredPermissions } from "./trpc/declared-permissions";
import { serializeSessionToken } from "./auth/session-cookie";
import { publish } from "./events/bus";
import { createSession } from "./services/sessions/create-session";
import { deleteSession } from "./services/sessions/delete-session";
import { SESSIONS_TOPIC } from "./services/sessions/session-cache";
import { runEvents, runFinished, waitFor } from "../test/helpers/wait";

const finished = (runId: number) => runFinished(tenantId, runId);

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
let tenantId: number;
let adminId: number;
let admin: Awaited<ReturnType<typeof callerFor>>;
const callers = {} as Record<RoleKey, Awaited<ReturnType<typeof callerFor>>>;

beforeAll(async () => {
  runtime = await startAgentRuntime();
  const built = await buildTenant({ name: "Governed" });
  tenantId = built.tenant.id;
  adminId = built.admin.id;
  admin = await callerFor({ userId: adminId, tenantId });
  callers.admin = admin;
  for (const role of ROLE_KEYS.filter((key) => key !== "admin")) {
    const user = await buildUser({ login: `${role}-${Math.random().toString(36).slice(2, 7)}` });
    await addMember({ tenantId, userId: user.id, role });
    callers[role] = await callerFor({ userId: user.id, tenantId });
  }
});

afterAll(async () => {
  await runtime?.stop();
});

describe("permissions", () => {
  it("every procedure of the app router has a permission rule", () => {
    const procedures = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures);
    const declared = declaredPermissions(appRouter);
    const missing = procedures.filter((path) => !declared[path]);
    expect(missing).toEqual([]);
    expect(procedures.length).toBeGreaterThan(100);
  });

  it("enforces the matrix: each role × a representative procedure of each area", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Matrix", key: "MTRX" });
    const calls: Record<string, (caller: (typeof callers)[RoleKey]) => Promise<unknown>> = {
      "workspace:read": (caller) => caller.projects.list(),
      "tickets:write": (caller) => caller.tickets.create({ projectId: project.id, title: "From the matrix" }),
      "projects:manage": (caller) => caller.features.create({ name: `F-${Math.random()}` }),
      "runs:launch": (caller) => caller.agentRuns.create({ provider: "claude", mode: "plan", prompt: "  " }),
      "costs:read": (caller) => caller.agentRuns.costs({ projectId: project.id }),
      "integrations:manage": (caller) => caller.hooks.list(),
      "members:manage": (caller) =>
        caller.members.invite({ login: "nobody-such", role: "viewer" }).then(() => caller.members.remove({ userId: -1 })),
      "keys:manage": (caller) => caller.apiKeys.list(),
      "audit:read": (caller) => caller.audit.list({}),
    };
    for (const role of ROLE_KEYS) {
      for (const [permission, call] of Object.entries(calls)) {
        const allowed = (ROLE_PERMISSIONS[role] as string[]).includes(permission);
        const outcome = await call(callers[role]).then(
          () => "ok",
          (error: { code?: string }) => error.code,
        );
        // Allowed calls may still fail validation (BAD_REQUEST) — but never FORBIDDEN; refused ones always are.
        if (allowed) expect([role, permission, outcome]).not.toEqual([role, permission, "FORBIDDEN"]);
        else expect([role, permission, outcome]).toEqual([role, permission, "FORBIDDEN"]);
      }
    }
  });

  it("members: invite by login, change role, and the last admin stays", async () => {
    const invited = await admin.members.invite({ login: "@new-teammate", role: "dev" });
    expect((await admin.members.list()).find((member) => member.login === "new-teammate")?.role).toBe("dev");
    await admin.members.setRole({ userId: invited.userId, role: "qa" });
    expect((await admin.members.list()).find((member) => member.login === "new-teammate")?.role).toBe("qa");
    await expect(admin.members.invite({ login: "new-teammate", role: "dev" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.members.setRole({ userId: adminId, role: "dev" })).rejects.toThrow(/at least one admin/);
    await expect(admin.members.remove({ userId: adminId })).rejects.toThrow(/last admin/);
    await admin.members.remove({ userId: invited.userId });
    expect((await admin.members.list()).some((member) => member.login === "new-teammate")).toBe(false);
  });
});

describe("sessions", () => {
  it("count a role change, a removal or a logout from the member's very next request, and hear other processes' changes on the bus", async () => {
    const user = await buildUser({ login: `switcher-${Math.random().toString(36).slice(2, 7)}` });
    await admin.members.invite({ login: user.login, role: "viewer" });
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Sessions", key: "SESS" });
    const { token } = await createSession({ userId: user.id, tenantId, ttlDays: 1 });
    const client = createHttpClient(runtime.url, (await serializeSessionToken(token)).split(";")[0]);
    const create = (title: string) => client.tickets.create.mutate({ projectId: project.id, title });

    await expect(create("as a viewer")).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await admin.members.setRole({ userId: user.id, role: "dev" });
    await expect(create("as a dev")).resolves.toMatchObject({ title: "as a dev" });

    // Another process demotes them (here: straight in the database, no local clear). Until its
    // commit notification arrives the session is served from this process's cache...
    const [viewer] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, "viewer"));
    await db
      .update(userRoles)
      .set({ roleId: viewer!.id })
      .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, user.id)));
    await expect(create("cached")).resolves.toBeTruthy();
    // ...and the notification clears it at once, well before the cache would expire on its own.
    const published = Date.now();
    await publish(db, { topic: SESSIONS_TOPIC });
    await waitFor(
      () =>
        create("after the bus").then(
          () => false,
          (error: { data?: { code?: string } }) => error.data?.code === "FORBIDDEN",
        ),
      "the demotion to reach this process",
    );
    expect(Date.now() - published).toBeLessThan(1_500);

    await admin.members.setRole({ userId: user.id, role: "dev" });
    await expect(create("dev again")).resolves.toBeTruthy();
    await admin.members.remove({ userId: user.id });
    await expect(create("removed")).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await admin.members.invite({ login: user.login, role: "dev" });
    await expect(create("back")).resolves.toBeTruthy();
    await deleteSession(token);
    await expect(create("logged out")).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });
});

describe("API keys", () => {
  it("authenticate as their owner narrowed to their scopes, are shown once, and stop working when revoked", async () => {
    const created = await admin.apiKeys.create({ name: "ci", scopes: ["workspace:read", "tickets:write"] });
    expect(created.key).toMatch(/^al_[A-Za-z0-9_-]{40}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    const listed = await admin.apiKeys.list();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const [audited] = (await admin.audit.list({ action: "apiKeys.create", limit: 1 })).items;
    expect(JSON.stringify(audited)).not.toContain(created.key);

    const client = createHttpClient(runtime.url, undefined, created.key);
    expect((await client.projects.list.query()).length).toBeGreaterThan(0);
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Keyed", key: "KEYD" });
    const ticket = await client.tickets.create.mutate({ projectId: project.id, title: "Made by a key" });
    expect(ticket.key).toBe("KEYD-1");
    // Out of scope: refused, however powerful the owner.
    await expect(client.agentRuns.create.mutate({ provider: "claude", mode: "plan", prompt: "x" })).rejects.toThrow(
      /API key lacks the "runs:launch" scope/,
    );
    // The audit log names the key.
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "tickets.create"))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(entry).toMatchObject({ actorUserId: adminId, actorApiKeyId: created.id });

    // A viewer cannot mint keys beyond their own permissions.
    await expect(callers.viewer.apiKeys.create({ name: "x", scopes: ["workspace:read"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await admin.apiKeys.revoke({ apiKeyId: created.id });
    await expect(client.projects.list.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    await expect(createHttpClient(runtime.url, undefined, "al_forged").projects.list.query()).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
  });
});

describe("audit log", () => {
  it("writes who, what, target and request id in the mutation's transaction — a failed mutation leaves none", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Audited", key: "AUDT" });
    const before = (await admin.audit.list({ limit: 200 })).items.length;
    const ticket = await admin.tickets.create({ projectId: project.id, title: "Audited ticket" });
    const [latest] = (await admin.audit.list({ action: "tickets.create", limit: 1 })).items;
    expect(latest).toMatchObject({
      action: "tickets.create",
      targetType: "tickets",
      targetId: String(project.id),
      actor: { id: adminId },
      requestId: "test",
    });
    expect(latest!.after).toMatchObject({ input: { title: "Audited ticket" }, result: { id: ticket.id, key: "AUDT-1" } });

    // A move audits itself, in its own transaction: the column it left and where it went.
    await admin.tickets.move({ ticketId: ticket.id, toColumnKey: "todo", afterTicketId: null });
    const [moved] = (await admin.audit.list({ action: "tickets.move", limit: 1 })).items;
    expect(moved).toMatchObject({
      targetType: "tickets",
      targetId: String(ticket.id),
      actor: { id: adminId },
      requestId: "test",
    });
    expect(moved!.before).toEqual({ columnKey: "backlog" });
    expect(moved!.after).toMatchObject({ input: { toColumnKey: "todo", afterTicketId: null }, result: { columnKey: "todo" } });

    // A move to a column that does not exist is refused: no change, no audit entry.
    const count = async () => (await admin.audit.list({ limit: 200 })).items.length;
    const afterCreate = await count();
    expect(afterCreate).toBeGreaterThan(before);
    await expect(admin.tickets.move({ ticketId: ticket.id, toColumnKey: "nope", afterTicketId: null })).rejects.toBeTruthy();
    expect(await count()).toBe(afterCreate);
    // Secrets never reach the log.
    await admin.connectors.create({ kind: "pat", token: runtime.github.issuePersonalToken("octocat") }).catch(() => undefined);
    const rows = await db.execute(sql`select after::text as after from audit_log where action = 'connectors.create'`);
    for (const row of rows as unknown as Array<{ after: string }>) expect(row.after).not.toMatch(/ghp_/);
    // The app has no way to change entries: no procedure updates or deletes them.
    expect(Object.keys(declaredPermissions(appRouter)).filter((path) => path.startsWith("audit.") && path !== "audit.list")).toEqual([]);
  });
});

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
});

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
