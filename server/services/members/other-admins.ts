import { and, eq, ne, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { roles, userRoles } from "../../../db/schema";

/** Admins of the workspace other than this user. */
export async function otherAdmins(tenantId: number, excludingUserId: number) {
  const [row] = await db
    .select({ count: sql<number>`count(distinct ${userRoles.userId})::int` })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.tenantId, tenantId), eq(roles.key, "admin"), ne(userRoles.userId, excludingUserId)));
  return row?.count ?? 0;
}
