import { listInstructions } from "../../services/instructions/list-instructions";
import { tenantProcedure } from "../../trpc/procedures";

export const listInstructionsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listInstructions({ tenantId: ctx.tenantId }));
