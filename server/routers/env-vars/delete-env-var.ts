import { z } from "zod";
import { deleteEnvVar } from "../../services/env-vars/delete-env-var";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteEnvVarRequest = z.object({ varId: ZId });

export const deleteEnvVarProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZDeleteEnvVarRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => deleteEnvVar({ tenantId: ctx.tenantId, ...input }));
