import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { db } from "../../../db/client";
import { auditLog, users } from "../../../db/schema";

/** The audit log, newest first, filtered by actor, action (prefix), target type and time. */
export async function listAudit(options: {
  tenantId: number;
  actorUserId?: number;
  action?: string;
  targetType?: string;
  since?: Date;
  before?: number;
  limit: number;
}) {
  const where: SQL[] = [eq(auditLog.tenantId, options.tenantId)];
  if (options.actorUserId) where.push(eq(auditLog.actorUserId, options.actorUserId));
  if (options.action) where.push(like(auditLog.action, `${options.action.replace(/[%_\\]/g, "\\$&")}%`));
  if (options.targetType) where.push(eq(auditLog.targetType, options.targetType));
  if (options.since) where.push(gte(auditLog.createdAt, options.since));
  if (options.before) where.push(lt(auditLog.id, options.before));
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
      requestId: auditLog.requestId,
      createdAt: auditLog.createdAt,
      actorApiKeyId: auditLog.actorApiKeyId,
      actor: { id: users.id, login: users.login },
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(options.limit + 1);
  return { items: rows.slice(0, options.limit), nextCursor: rows.length > options.limit ? rows[options.limit - 1]!.id : null };
}
