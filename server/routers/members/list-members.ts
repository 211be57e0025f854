import { listMembers } from "../../services/members/list-members";
import { tenantProcedure } from "../../trpc/procedures";

export const listMembersProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listMembers({ tenantId: ctx.tenantId }));
