import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { sessions, userRoles, users } from "../../../db/schema";
import { AppError } from "../../errors";
import { sessionsChanged } from "./session-cache";

/**
 * Opens a session in another of its user's workspaces (the switcher in the
 * header). A workspace they are not a member of is NOT_FOUND, as any foreign id is.
 */
export async function switchSessionWorkspace(options: { sessionId: number; userId: number; tenantId: number }) {
  const [membership] = await db
    .select({ id: userRoles.id })
    .from(userRoles)
    .where(and(eq(userRoles.tenantId, options.tenantId), eq(userRoles.userId, options.userId)))
    .limit(1);
  if (!membership) throw new AppError("NOT_FOUND", "No such workspace.");
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ tenantId: options.tenantId })
      .where(and(eq(sessions.id, options.sessionId), eq(sessions.userId, options.userId)));
    // Their next sign-in opens here too.
    await tx.update(users).set({ lastTenantId: options.tenantId }).where(eq(users.id, options.userId));
    await sessionsChanged(tx);
  });
}
