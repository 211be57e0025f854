import { z } from "zod";
import { deleteEnvVarSet } from "../../services/env-vars/env-vars";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZDeleteEnvVarSetRequest = z.object({ setId: ZId });

export const deleteEnvVarSetProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZDeleteEnvVarSetRequest)
  .mutation(({ ctx, input }) => deleteEnvVarSet({ tenantId: ctx.tenantId, ...input }));
