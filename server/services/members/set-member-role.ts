import { and, eq } from "drizzle-orm";
import { db, inTransaction } from "../../../db/client";
import { userRoles } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { sessionsChanged } from "../sessions/session-cache";
import { assignRole } from "../tenants/assign-role";
import { lockMembership } from "./admins-lock";
import { assertAnotherAdmin } from "./assert-another-admin";

/** Gives a member exactly one role; the last admin cannot stop being one. */
export async function setMemberRole(options: { tenantId: number; userId: number; role: RoleKey }) {
  // Under the workspace's membership lock, two role changes at once run one after the other:
  // the second's delete sees the first's insert, and the second's admin count the first's change.
  return inTransaction(async () => {
    const member = await lockMembership(options);
    if (member.role === "admin" && options.role !== "admin") await assertAnotherAdmin(options);
    await db.delete(userRoles).where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
    await assignRole(db, { tenantId: options.tenantId, userId: options.userId, roleKey: options.role });
    await sessionsChanged(db);
    return { userId: options.userId, role: options.role };
  });
}
