import { listHooks } from "../../services/hooks/list-hooks";
import { tenantProcedure } from "../../trpc/procedures";

export const listHooksProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .query(({ ctx }) => listHooks({ tenantId: ctx.tenantId }));
