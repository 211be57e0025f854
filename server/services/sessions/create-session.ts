import { db } from "../../../db/client";
import { sessions } from "../../../db/schema";
import { hashToken, newRandomToken } from "../../auth/tokens";

/** Opens a session and returns its token, which only the cookie keeps. */
export async function createSession(options: { userId: number; tenantId: number; ttlDays: number; userAgent?: string | null }) {
  const token = newRandomToken();
  const expiresAt = new Date(Date.now() + options.ttlDays * 24 * 60 * 60 * 1000);
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: options.userId,
    tenantId: options.tenantId,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
    expiresAt,
  });
  return { token, expiresAt };
}
