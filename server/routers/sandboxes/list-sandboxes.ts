import { listSandboxes } from "../../services/sandboxes/list-sandboxes";
import { tenantProcedure } from "../../trpc/procedures";

export const listSandboxesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listSandboxes({ tenantId: ctx.tenantId }));
