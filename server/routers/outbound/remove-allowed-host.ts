import { z } from "zod";
import { removeAllowedHost } from "../../services/outbound/remove-allowed-host";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZRemoveAllowedHostRequest = z.object({ id: ZId });

export const removeAllowedHostProcedure = tenantProcedure
  .meta({ permission: "outbound:manage" })
  .input(ZRemoveAllowedHostRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => removeAllowedHost({ tenantId: ctx.tenantId, id: input.id }));
