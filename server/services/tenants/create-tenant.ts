import type { Executor } from "../../../db/client";
import { roles, tenants } from "../../../db/schema";
import { ROLE_KEYS, ROLE_NAMES } from "../../auth/roles";
import { assignRole } from "./assign-role";

/**
 * Creates a tenant with the default roles and makes `ownerId` its admin.
 * The slug is derived from `name` and made unique with a numeric suffix.
 */
export async function createTenant(executor: Executor, options: { name: string; slugBase: string; ownerId: number }) {
  const base = slugify(options.slugBase) || "team";
  let tenant: typeof tenants.$inferSelect | undefined;
  for (let attempt = 1; !tenant; attempt++) {
    const slug = attempt === 1 ? base : `${base}-${attempt}`;
    [tenant] = await executor.insert(tenants).values({ name: options.name, slug }).onConflictDoNothing().returning();
  }
  const created = await executor
    .insert(roles)
    .values(ROLE_KEYS.map((key) => ({ tenantId: tenant.id, key, name: ROLE_NAMES[key] })))
    .returning();
  await assignRole(executor, { tenantId: tenant.id, userId: options.ownerId, roleKey: "admin" });
  return { tenant, roles: created };
}

function slugify(value: string) {
  return value
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}
