import { z } from "zod";
import { updateHook } from "../../services/hooks/update-hook";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZHook } from "./schemas";

export const ZUpdateHookRequest = z.object({
  hookId: ZId,
  enabled: z.boolean().optional(),
  name: z.string().trim().min(1).max(80).optional(),
  timeoutSeconds: z.number().int().min(1).max(300).optional(),
});

export const updateHookProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZUpdateHookRequest)
  .output(ZHook)
  .mutation(({ ctx, input }) => updateHook({ tenantId: ctx.tenantId, ...input }));
