import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, buildRepository } from "../../db/seed";
import { declaredPermissions } from "../trpc/declared-permissions";
import { ROLE_PERMISSIONS } from "./permissions";
import { ROLE_KEYS, type RoleKey } from "./roles";
import { appRouter } from "../routers/app-router";
import { startGovernedTenant, type GovernedTenant } from "../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let callers: GovernedTenant["callers"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, callers } = await startGovernedTenant());
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
    const repository = await buildRepository({ tenantId });
    const calls: Record<string, (caller: (typeof callers)[RoleKey]) => Promise<unknown>> = {
      "workspace:read": (caller) => caller.projects.list(),
      "tickets:write": (caller) => caller.tickets.create({ projectId: project.id, title: "From the matrix" }),
      "projects:manage": (caller) =>
        caller.features.create({ name: `F-${Math.random()}`, repositories: [{ repositoryId: repository.id }] }),
      "runs:launch": (caller) => caller.agentRuns.create({ provider: "claude", mode: "plan", prompt: "  " }),
      "costs:read": (caller) => caller.agentRuns.costs({ projectId: project.id }),
      "integrations:manage": (caller) => caller.hooks.list(),
      "members:manage": (caller) =>
        caller.members.invite({ login: "nobody-such", role: "viewer" }).then(() => caller.members.remove({ userId: -1 })),
      "keys:manage": (caller) => caller.apiKeys.list(),
      "audit:read": (caller) => caller.audit.list({}),
      "outbound:manage": (caller) => caller.outbound.list(),
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
});
