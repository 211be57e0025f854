import { and, eq } from "drizzle-orm";
import { db, inTransaction } from "../../../db/client";
import { userRoles } from "../../../db/schema";
import { sessionsChanged } from "../sessions/session-cache";
import { lockMembership } from "./admins-lock";
import { assertAnotherAdmin } from "./assert-another-admin";

/** Removes a member from the workspace; the last admin cannot be removed. */
export async function removeMember(options: { tenantId: number; userId: number }) {
  return inTransaction(async () => {
    const member = await lockMembership(options);
    if (member.role === "admin") await assertAnotherAdmin(options);
    await db.delete(userRoles).where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
    await sessionsChanged(db);
    return { userId: options.userId };
  });
}
