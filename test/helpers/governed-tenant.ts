import { addMember, buildTenant, buildUser } from "../../db/seed";
import { ROLE_KEYS, type RoleKey } from "../../server/auth/roles";
import { startAgentRuntime } from "./agent-runtime";
import { callerFor } from "./caller";

/**
 * Where the governance tests stand: an agent runtime and a tenant with an
 * admin and one member of every other role, each with an in-process caller.
 */
export async function startGovernedTenant() {
  const runtime = await startAgentRuntime();
  const built = await buildTenant({ name: "Governed" });
  const tenantId = built.tenant.id;
  const adminId = built.admin.id;
  const admin = await callerFor({ userId: adminId, tenantId });
  const callers = {} as Record<RoleKey, Awaited<ReturnType<typeof callerFor>>>;
  callers.admin = admin;
  for (const role of ROLE_KEYS.filter((key) => key !== "admin")) {
    const user = await buildUser({ login: `${role}-${Math.random().toString(36).slice(2, 7)}` });
    await addMember({ tenantId, userId: user.id, role });
    callers[role] = await callerFor({ userId: user.id, tenantId });
  }
  return { runtime, tenantId, adminId, admin, callers };
}

export type GovernedTenant = Awaited<ReturnType<typeof startGovernedTenant>>;
