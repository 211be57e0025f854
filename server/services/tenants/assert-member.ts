import { and, eq } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { userRoles } from "../../../db/schema";
import { AppError } from "../../errors";

/** Whether the user is a member of the tenant, in any role. */
export async function isMember(executor: Executor, options: { tenantId: number; userId: number }) {
  const [row] = await executor
    .select({ id: userRoles.id })
    .from(userRoles)
    .where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)))
    .limit(1);
  return Boolean(row);
}

/** Refuses a user who is not a member of the tenant (e.g. as an assignee). */
export async function assertMember(executor: Executor, options: { tenantId: number; userId: number }) {
  if (!(await isMember(executor, options))) throw new AppError("BAD_REQUEST", "The assignee is not a member of this workspace.");
}
