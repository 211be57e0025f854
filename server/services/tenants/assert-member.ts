import { and, eq } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { userRoles } from "../../../db/schema";
import { AppError } from "../../errors";

/** Refuses a user who is not a member of the tenant (e.g. as an assignee). */
export async function assertMember(executor: Executor, options: { tenantId: number; userId: number }) {
  const [row] = await executor
    .select({ id: userRoles.id })
    .from(userRoles)
    .where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)))
    .limit(1);
  if (!row) throw new AppError("BAD_REQUEST", "The assignee is not a member of this workspace.");
}
