import { z } from "zod";
import { deleteHook } from "../../services/hooks/hooks";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZDeleteHookRequest = z.object({ hookId: ZId });

export const deleteHookProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZDeleteHookRequest)
  .mutation(({ ctx, input }) => deleteHook({ tenantId: ctx.tenantId, ...input }));
