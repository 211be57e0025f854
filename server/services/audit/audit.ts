import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../../db/client";
import { auditLog, users } from "../../../db/schema";
import { sanitizeJson } from "../../text/sanitize";

const SECRET_KEY = /token|secret|kubeconfig|password|^value$|authorization|dataBase64|headers/i;
/** Values that are credentials whatever their field is called (API keys, run tokens, GitHub tokens, model keys). */
const SECRET_VALUE = /^(al_|alrun_|gh[opsu]_|github_pat_|sk-)/;

/** A copy of an input or result that is safe to keep: secrets masked, long text cut, depth bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") return SECRET_VALUE.test(value) ? "***" : value.length > 500 ? `${value.slice(0, 500)}…` : value;
  if (typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth > 3) return "…";
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) ? "***" : redact(item, depth + 1),
    ]),
  );
}

/** Writes an entry (append-only: nothing in the app updates or deletes them). Joins the caller's transaction. */
export async function writeAudit(
  entry: {
    tenantId: number;
    actorUserId: number | null;
    actorApiKeyId: number | null;
    action: string;
    targetType: string;
    targetId: string | null;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    requestId: string | null;
  },
  executor: Executor = db,
) {
  // redact() cuts long text, possibly between the halves of a surrogate pair.
  await executor
    .insert(auditLog)
    .values({ ...entry, before: sanitizeJson(entry.before ?? null), after: sanitizeJson(entry.after ?? null) });
}

/** Who is acting, for services that write their own audit entry inside their transaction (the hot paths). */
export type AuditActor = { userId: number; apiKeyId: number | null; requestId: string };

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
