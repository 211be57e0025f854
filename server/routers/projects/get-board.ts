import { getBoard } from "../../services/projects/get-board";
import { tenantProcedure } from "../../trpc/procedures";
import { ZProjectRef } from "../schemas";

export const getBoardProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZProjectRef)
  .query(({ ctx, input }) => getBoard({ tenantId: ctx.tenantId, ...input }));
