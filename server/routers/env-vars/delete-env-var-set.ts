import { z } from "zod";
import { deleteEnvVarSet } from "../../services/env-vars/delete-env-var-set";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteEnvVarSetRequest = z.object({ setId: ZId });

export const deleteEnvVarSetProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZDeleteEnvVarSetRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => deleteEnvVarSet({ tenantId: ctx.tenantId, ...input }));
