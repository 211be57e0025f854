import { listInstructions } from "../../services/instructions/list-instructions";
import { tenantProcedure } from "../../trpc/procedures";
import { ZInstructionList } from "./schemas";

export const listInstructionsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(ZInstructionList)
  .query(({ ctx }) => listInstructions({ tenantId: ctx.tenantId }));
