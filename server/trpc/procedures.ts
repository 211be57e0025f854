import { TRPCError } from "@trpc/server";
import { withAmbientTransaction } from "../../db/client";
import { grantedPermissions, isPermission, permissionRefusal } from "../auth/permissions";
import { redact } from "../services/audit/redact";
import { writeAudit } from "../services/audit/write-audit";
import { baseProcedure } from "./init";

export { router, createCallerFactory, mergeRouters } from "./init";

/**
 * Refuses a procedure whose `.meta({ permission })` is not one this builder
 * serves — above all one that declares nothing (fail closed). Reading the
 * procedure's own meta keeps the check O(1) per call.
 */
export function refuseUndeclared(path: string): never {
  throw new TRPCError({ code: "FORBIDDEN", message: `No permission rule allows ${path}.` });
}

/** A procedure anyone may call; it declares `permission: "public"`. */
export const publicProcedure = baseProcedure.use(({ meta, path, next }) => {
  if (meta?.permission !== "public") refuseUndeclared(path);
  return next();
});

const signedInProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.identity) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, identity: ctx.identity, userId: ctx.identity.user.id } });
});

/** A signed-in user (any tenant state); it declares `permission: "signed-in"`. */
export const authedProcedure = signedInProcedure.use(({ meta, path, next }) => {
  if (meta?.permission !== "signed-in") refuseUndeclared(path);
  return next();
});

/**
 * A member of the session's tenant, holding the permission the procedure
 * declares (`.meta({ permission: "tickets:write" })`). Procedures pass
 * `ctx.tenantId` to every service call, and services scope every query by it.
 */
export const tenantProcedure = signedInProcedure
  .use(({ ctx, meta, path, next }) => {
    if (ctx.identity.roles.length === 0) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You are no longer a member of this workspace." });
    }
    const permission = meta?.permission;
    if (!isPermission(permission)) refuseUndeclared(path);
    const permissions = grantedPermissions(ctx.identity);
    const refusal = permissionRefusal(permissions, permission, !!ctx.identity.apiKeyId);
    if (refusal) throw new TRPCError({ code: "FORBIDDEN", message: refusal });
    return next({ ctx: { ...ctx, tenantId: ctx.identity.tenant.id, roles: ctx.identity.roles, permissions } });
  })
  .use(async ({ ctx, meta, path, type, getRawInput, next }) => {
    const audit = async (data: unknown) => {
      const input = (await getRawInput().catch(() => undefined)) as Record<string, unknown> | undefined;
      const result = data as Record<string, unknown> | undefined;
      const [targetType, verb] = path.split(".");
      await writeAudit({
        tenantId: ctx.tenantId,
        actorUserId: ctx.identity.user.id,
        actorApiKeyId: ctx.identity.apiKeyId ?? null,
        action: path,
        targetType: targetType!,
        targetId: auditTargetId(verb!, input, result),
        after: { input: redact(input) as Record<string, unknown>, result: redact(summary(result)) as Record<string, unknown> },
        requestId: ctx.requestId,
      });
    };
    // Inside the wrapping transaction below (or a query) there is nothing more to open.
    const joined = { inTransaction: <T>(work: () => Promise<T>) => work() };
    // Hot paths (a board move) audit themselves inside their own single transaction.
    if (type !== "mutation" || SELF_AUDITED.has(path)) return next({ ctx: joined });
    if (meta?.transaction === "explicit") return explicitMutation(next, audit);
    // A mutation and its audit entry share one transaction: a failed change leaves no entry.
    const Rollback = class extends Error {};
    let failed: Awaited<ReturnType<typeof next>> | undefined;
    try {
      return await withAmbientTransaction(async () => {
        const result = await next({ ctx: joined });
        if (!result.ok) {
          failed = result;
          throw new Rollback();
        }
        await audit((result as { data?: unknown }).data);
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback && failed) return failed;
      throw error;
    }
  });

/**
 * A mutation declared `transaction: "explicit"`: it runs outside any
 * transaction, so its calls to outside services hold no locks, and commits its
 * writes in `ctx.inTransaction(work)`, whose audit entry is written in the same
 * transaction (for the row `work` returns). A mutation that commits nothing of
 * its own (a test delivery) gets its entry on its own once it succeeds.
 */
async function explicitMutation<Result extends { ok: boolean }>(
  next: (options: { ctx: { inTransaction: <T>(work: () => Promise<T>) => Promise<T> } }) => Promise<Result>,
  audit: (data: unknown) => Promise<void>,
) {
  let audited = false;
  const inTransaction = <T>(work: () => Promise<T>) =>
    withAmbientTransaction(async () => {
      const written = await work();
      if (!audited) await audit(written);
      audited = true;
      return written;
    });
  const result = await next({ ctx: { inTransaction } });
  if (result.ok && !audited) await audit((result as { data?: unknown }).data);
  return result;
}

const SELF_AUDITED = new Set(["tickets.move"]);

/** Procedures that make the row their domain names; the ids in their input name its parents (`projectId`). */
const CREATES = /^(create\w*|register|invite|add|deploy)$/;

/**
 * The row a mutation acted on: the one it made, from its result, or the one its
 * input names (`ticketId`, `runId`…). `addComment` targets its ticket, so only the
 * verbs above take the result.
 */
function auditTargetId(verb: string, input: Record<string, unknown> | undefined, data: Record<string, unknown> | undefined) {
  const resultId = data && typeof data === "object" && typeof data.id === "number" ? String(data.id) : null;
  if (CREATES.test(verb) && resultId) return resultId;
  const key = input && Object.keys(input).find((name) => /Id$/.test(name) && typeof input[name] === "number");
  return key ? String(input![key]) : resultId;
}

/** The parts of a mutation's result worth keeping in the audit log. */
function summary(data: Record<string, unknown> | undefined) {
  if (!data || typeof data !== "object") return {};
  const keep = ["id", "key", "status", "name", "title", "columnKey", "number", "prUrl", "prefix"];
  return Object.fromEntries(Object.entries(data).filter(([key]) => keep.includes(key)));
}
