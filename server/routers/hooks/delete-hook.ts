import { z } from "zod";
import { deleteHook } from "../../services/hooks/delete-hook";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteHookRequest = z.object({ hookId: ZId });

export const deleteHookProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZDeleteHookRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => deleteHook({ tenantId: ctx.tenantId, ...input }));
