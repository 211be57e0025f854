import { TRPCError } from "@trpc/server";
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
export const tenantProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.identity.roles.length === 0) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You are no longer a member of this workspace." });
  }
  return next({ ctx: { ...ctx, tenantId: ctx.identity.tenant.id, roles: ctx.identity.roles } });
});
