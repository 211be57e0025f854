import { TRPCError } from "@trpc/server";
import { withAmbientTransaction } from "../../db/client";
import { PERMISSION_LABELS, permissionsOf, PROCEDURE_RULES } from "../auth/permissions";
import { redact, writeAudit } from "../services/audit/audit";
import { baseProcedure } from "./init";

export { router, createCallerFactory, mergeRouters } from "./init";

export const publicProcedure = baseProcedure;

/** A signed-in user (any tenant state). */
export const authedProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.identity) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, identity: ctx.identity, userId: ctx.identity.user.id } });
});

/**
 * A member of the session's tenant. Procedures pass `ctx.tenantId` to every
 * service call, and services scope every query by it.
 */
export const tenantProcedure = authedProcedure
  .use(({ ctx, path, next }) => {
    if (ctx.identity.roles.length === 0) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You are no longer a member of this workspace." });
    }
    // Role permissions, narrowed to an API key's scopes; every procedure must have a rule (fail closed).
    const permissions = permissionsOf(ctx.identity.roles);
    if (ctx.identity.scopes)
      for (const permission of [...permissions]) if (!ctx.identity.scopes.includes(permission)) permissions.delete(permission);
    const rule = PROCEDURE_RULES[path];
    if (!rule || rule === "run-token") throw new TRPCError({ code: "FORBIDDEN", message: `No permission rule allows ${path}.` });
    if (!permissions.has(rule)) {
      const why = ctx.identity.apiKeyId
        ? `this API key lacks the "${rule}" scope`
        : `your role cannot ${PERMISSION_LABELS[rule].toLowerCase()}`;
      throw new TRPCError({ code: "FORBIDDEN", message: `Not allowed: ${why}.` });
    }
    return next({ ctx: { ...ctx, tenantId: ctx.identity.tenant.id, roles: ctx.identity.roles, permissions } });
  })
  .use(async ({ ctx, path, type, getRawInput, next }) => {
    // Hot paths (a board move) audit themselves inside their own single transaction.
    if (type !== "mutation" || SELF_AUDITED.has(path)) return next();
    // A mutation and its audit entry share one transaction: a failed change leaves no entry.
    const Rollback = class extends Error {};
    let failed: Awaited<ReturnType<typeof next>> | undefined;
    try {
      return await withAmbientTransaction(async () => {
        const result = await next();
        if (!result.ok) {
          failed = result;
          throw new Rollback();
        }
        const input = (await getRawInput().catch(() => undefined)) as Record<string, unknown> | undefined;
        const data = (result as { data?: unknown }).data as Record<string, unknown> | undefined;
        const [targetType] = path.split(".");
        const targetKey = input && Object.keys(input).find((key) => /Id$/.test(key) && typeof input[key] === "number");
        await writeAudit({
          tenantId: ctx.tenantId,
          actorUserId: ctx.identity.user.id,
          actorApiKeyId: ctx.identity.apiKeyId ?? null,
          action: path,
          targetType: targetType!,
          targetId: targetKey ? String(input[targetKey]) : data && typeof data.id === "number" ? String(data.id) : null,
          after: { input: redact(input) as Record<string, unknown>, result: redact(summary(data)) as Record<string, unknown> },
          requestId: ctx.requestId,
        });
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback && failed) return failed;
      throw error;
    }
  });

const SELF_AUDITED = new Set(["tickets.move"]);

/** The parts of a mutation's result worth keeping in the audit log. */
function summary(data: Record<string, unknown> | undefined) {
  if (!data || typeof data !== "object") return {};
  const keep = ["id", "key", "status", "name", "title", "columnKey", "number", "prUrl", "prefix"];
  return Object.fromEntries(Object.entries(data).filter(([key]) => keep.includes(key)));
}
