import { asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { roles, userRoles, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";

/** The workspace's members with their role. */
export async function listMembers(options: { tenantId: number }) {
  const rows = await db
    .select({
      id: users.id,
      login: users.login,
      name: users.name,
      avatarUrl: users.avatarUrl,
      role: roles.key,
      since: userRoles.createdAt,
    })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.tenantId, options.tenantId))
    .orderBy(asc(users.login));
  return rows.map((row) => ({ ...row, role: row.role as RoleKey }));
}
