import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { sessions } from "../../../db/schema";
import { assertMember } from "../tenants/assert-member";
import { sessionsChanged } from "./session-cache";

/** Opens this session in another workspace of its user's (after they joined it); refused for a workspace they are not in. */
export async function moveSessionToTenant(options: { sessionId: number; userId: number; tenantId: number }) {
  await assertMember(db, { tenantId: options.tenantId, userId: options.userId });
  await db
    .update(sessions)
    .set({ tenantId: options.tenantId })
    .where(and(eq(sessions.id, options.sessionId), eq(sessions.userId, options.userId)));
  await sessionsChanged(db);
}
