import { listEnvVarSets } from "../../services/env-vars/env-vars";
import { tenantProcedure } from "../../trpc/procedures";

export const listEnvVarSetsProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .query(({ ctx }) => listEnvVarSets({ tenantId: ctx.tenantId }));
