import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { userRoles, users } from "../../../db/schema";
import type { RoleKey } from "../../auth/roles";
import { AppError } from "../../errors";
import { sessionsChanged } from "../sessions/session-cache";
import { assignRole } from "../tenants/create-tenant";
import { memberRole } from "./member-role";
import { otherAdmins } from "./other-admins";

/** Gives a member exactly one role; the last admin cannot stop being one. */
export async function setMemberRole(options: { tenantId: number; userId: number; role: RoleKey }) {
  const member = await memberRole(options);
  if (member.role === "admin" && options.role !== "admin" && (await otherAdmins(options.tenantId, options.userId)) === 0)
    throw new AppError("PRECONDITION_FAILED", "The workspace needs at least one admin: make someone else admin first.");
  // The user's row locked first: two role changes at once run one after the other, so the
  // second's delete sees the first's insert and the member is left with one role.
  await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, options.userId)).for("update");
    await tx.delete(userRoles).where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
    await assignRole(tx, { tenantId: options.tenantId, userId: options.userId, roleKey: options.role });
    await sessionsChanged(tx);
  });
  return { userId: options.userId, role: options.role };
}
