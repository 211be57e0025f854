import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { roles, tenants, userRoles, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { notFound } from "../../errors";

/** The signed-in user, the tenant they work in, their roles there, and their other tenants. */
export async function getMe(options: { tenantId: number; userId: number }) {
  const [user] = await db
    .select({ id: users.id, login: users.login, name: users.name, email: users.email, avatarUrl: users.avatarUrl })
    .from(users)
    .where(eq(users.id, options.userId));
  const [tenant] = await db
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug })
    .from(tenants)
    .where(eq(tenants.id, options.tenantId));
  if (!user || !tenant) throw notFound("Account");
  const memberships = await db
    .select({ tenantId: tenants.id, tenantName: tenants.name, tenantSlug: tenants.slug, role: roles.key })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .innerJoin(tenants, eq(tenants.id, userRoles.tenantId))
    .where(eq(userRoles.userId, options.userId));
  const currentRoles = memberships.filter((m) => m.tenantId === tenant.id).map((m) => m.role as RoleKey);
  const otherTenants = [
    ...new Map(
      memberships
        .filter((m) => m.tenantId !== tenant.id)
        .map((m) => [m.tenantId, { id: m.tenantId, name: m.tenantName, slug: m.tenantSlug }]),
    ).values(),
  ];
  return { user, tenant, roles: currentRoles, otherTenants };
}
