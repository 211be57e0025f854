import { z } from "zod";
import { createHook } from "../../services/hooks/create-hook";
import { HOOK_EVENTS } from "../../services/hooks/hook-events";
import { tenantProcedure } from "../../trpc/procedures";
import { ZHook } from "./schemas";

export const ZCreateHookRequest = z.object({
  name: z.string().trim().min(1).max(80),
  event: z.enum(HOOK_EVENTS),
  kind: z.enum(["webhook", "script"]),
  targetUrl: z.string().url().max(2000).nullish(),
  script: z.string().max(20_000).nullish(),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
});

/** The hook, with its signing secret: shown this once. */
export const ZCreateHookResponse = ZHook.extend({ secret: z.string().nullable() });

export const createHookProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZCreateHookRequest)
  .output(ZCreateHookResponse)
  .mutation(({ ctx, input }) => createHook({ tenantId: ctx.tenantId, userId: ctx.userId, env: ctx.env, ...input }));
