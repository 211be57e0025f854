import { z } from "zod";
import { listEnvVarSets } from "../../services/env-vars/list-env-var-sets";
import { tenantProcedure } from "../../trpc/procedures";
import { ZEnvVarSetWithVars } from "./schemas";

export const listEnvVarSetsProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .output(z.array(ZEnvVarSetWithVars))
  .query(({ ctx }) => listEnvVarSets({ tenantId: ctx.tenantId }));
