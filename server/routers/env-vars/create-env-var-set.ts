import { z } from "zod";
import { createEnvVarSet } from "../../services/env-vars/create-env-var-set";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZEnvVarSet } from "./schemas";

export const ZCreateEnvVarSetRequest = z.object({
  name: z.string().trim().min(1).max(80),
  scope: z.enum(["project", "repository"]),
  scopeId: ZId,
});

export const createEnvVarSetProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZCreateEnvVarSetRequest)
  .output(ZEnvVarSet)
  .mutation(({ ctx, input }) => createEnvVarSet({ tenantId: ctx.tenantId, ...input }));
