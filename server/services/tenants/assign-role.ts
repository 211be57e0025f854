import { and, eq } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { roles, userRoles } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";

export async function assignRole(executor: Executor, options: { tenantId: number; userId: number; roleKey: RoleKey }) {
  const [role] = await executor
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, options.tenantId), eq(roles.key, options.roleKey)));
  if (!role) throw new Error(`Tenant ${options.tenantId} has no role ${options.roleKey}.`);
  await executor
    .insert(userRoles)
    .values({ tenantId: options.tenantId, userId: options.userId, roleId: role.id })
    .onConflictDoNothing();
}
