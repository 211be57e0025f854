import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { sessions } from "../../../db/schema";
import { hashToken } from "../../auth/tokens";
import { sessionsChanged } from "./session-cache";

/** Ends a session for good: the cookie stops working even if it is replayed. */
export async function deleteSession(token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  await sessionsChanged(db);
}
