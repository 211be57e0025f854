import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { roles, userRoles } from "../../../db/schema";
import { notFound } from "../../errors";

/** A member's role, or NOT_FOUND. */
export async function memberRole(options: { tenantId: number; userId: number }) {
  const [member] = await db
    .select({ role: roles.key })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
  if (!member) throw notFound("Member");
  return member;
}
