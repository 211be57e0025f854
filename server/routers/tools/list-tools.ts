import { listTools } from "../../services/tools/list-tools";
import { tenantProcedure } from "../../trpc/procedures";

export const listToolsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listTools({ tenantId: ctx.tenantId }));
