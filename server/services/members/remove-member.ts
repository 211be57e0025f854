import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { userRoles } from "../../../db/schema";
import { AppError } from "../../errors";
import { sessionsChanged } from "../sessions/session-cache";
import { memberRole } from "./member-role";
import { otherAdmins } from "./other-admins";

export async function removeMember(options: { tenantId: number; userId: number }) {
  const member = await memberRole(options);
  if (member.role === "admin" && (await otherAdmins(options.tenantId, options.userId)) === 0)
    throw new AppError("PRECONDITION_FAILED", "The last admin cannot be removed.");
  await db.delete(userRoles).where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)));
  await sessionsChanged(db);
  return { userId: options.userId };
}
