import { listEnvVarSets } from "../../services/env-vars/list-env-var-sets";
import { tenantProcedure } from "../../trpc/procedures";

export const listEnvVarSetsProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .query(({ ctx }) => listEnvVarSets({ tenantId: ctx.tenantId }));
