import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { userRoles } from "../../../db/schema";
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
  await db.delete(userRoles).where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
  await assignRole(db, { tenantId: options.tenantId, userId: options.userId, roleKey: options.role });
  await sessionsChanged(db);
  return { userId: options.userId, role: options.role };
}
