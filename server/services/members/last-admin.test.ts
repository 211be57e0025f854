import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { roles, userRoles } from "../../../db/schema";
import { addMember, buildTenant, buildUser } from "../../../db/seed";
import { startAgentRuntime } from "../../../test/helpers/agent-runtime";
import { callerFor } from "../../../test/helpers/caller";

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;

beforeAll(async () => {
  runtime = await startAgentRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

/** A workspace whose only two admins each hold a caller. */
async function twoAdmins() {
  const { tenant, admin: first } = await buildTenant();
  const second = await buildUser();
  await addMember({ tenantId: tenant.id, userId: second.id, role: "admin" });
  return {
    tenantId: tenant.id,
    first: { id: first.id, caller: await callerFor({ userId: first.id, tenantId: tenant.id }) },
    second: { id: second.id, caller: await callerFor({ userId: second.id, tenantId: tenant.id }) },
  };
}

async function adminCount(tenantId: number) {
  const admins = await db
    .select({ userId: userRoles.userId })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.tenantId, tenantId), eq(roles.key, "admin")));
  return admins.length;
}

/** Exactly one of two racing calls succeeds; the other is told the workspace needs an admin. */
function expectOneWinner(outcomes: PromiseSettledResult<unknown>[]) {
  expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  const [lost] = outcomes.filter((outcome) => outcome.status === "rejected");
  expect(lost?.reason).toMatchObject({ code: "CONFLICT", message: "A workspace needs at least one admin." });
}

describe("the last admin", () => {
  it("stays when the last two admins demote each other at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const { tenantId, first, second } = await twoAdmins();
      const outcomes = await Promise.allSettled([
        first.caller.members.setRole({ userId: second.id, role: "dev" }),
        second.caller.members.setRole({ userId: first.id, role: "dev" }),
      ]);
      expectOneWinner(outcomes);
      expect(await adminCount(tenantId)).toBe(1);
    }
  });

  it("stays when the last two admins remove each other at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const { tenantId, first, second } = await twoAdmins();
      const outcomes = await Promise.allSettled([
        first.caller.members.remove({ userId: second.id }),
        second.caller.members.remove({ userId: first.id }),
      ]);
      expectOneWinner(outcomes);
      expect(await adminCount(tenantId)).toBe(1);
    }
  });

  it("stays when the last two admins step down at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const { tenantId, first, second } = await twoAdmins();
      const outcomes = await Promise.allSettled([
        first.caller.members.setRole({ userId: first.id, role: "viewer" }),
        second.caller.members.remove({ userId: second.id }),
      ]);
      expectOneWinner(outcomes);
      expect(await adminCount(tenantId)).toBe(1);
    }
  });
});
