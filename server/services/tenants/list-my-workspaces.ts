import { asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { tenants, userRoles } from "../../../db/schema";

export type MyWorkspace = { id: number; name: string };

/** The workspaces a user is a member of (in any role), by name: what the workspace switcher offers. */
export async function listMyWorkspaces(options: { userId: number }): Promise<MyWorkspace[]> {
  return db
    .selectDistinct({ id: tenants.id, name: tenants.name })
    .from(userRoles)
    .innerJoin(tenants, eq(tenants.id, userRoles.tenantId))
    .where(eq(userRoles.userId, options.userId))
    .orderBy(asc(tenants.name), asc(tenants.id));
}
