import { z } from "zod";
import { listMembers } from "../../services/members/list-members";
import { tenantProcedure } from "../../trpc/procedures";
import { ZMember } from "./schemas";

export const listMembersProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(z.array(ZMember))
  .query(({ ctx }) => listMembers({ tenantId: ctx.tenantId }));
