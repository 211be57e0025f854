import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { sessions, users } from "../../../db/schema";
import { AppError } from "../../errors";
import { isMember } from "../tenants/assert-member";
import { sessionsChanged } from "./session-cache";

/**
 * Opens a session in another of its user's workspaces (the switcher in the
 * header). A workspace they are not a member of is NOT_FOUND, as any foreign id is.
 */
export async function switchSessionWorkspace(options: { sessionId: number; userId: number; tenantId: number }) {
  if (!(await isMember(db, options))) throw new AppError("NOT_FOUND", "No such workspace.");
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
