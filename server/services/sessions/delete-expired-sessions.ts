import { lt } from "drizzle-orm";
import { db } from "../../../db/client";
import { sessions } from "../../../db/schema";

export async function deleteExpiredSessions() {
  const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, new Date())).returning({ id: sessions.id });
  return deleted.length;
}
