import { z } from "zod";
import { ROLE_KEYS } from "../../auth/roles";
import { setMemberRole } from "../../services/members/set-member-role";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZMemberRole } from "./schemas";

export const ZSetMemberRoleRequest = z.object({ userId: ZId, role: z.enum(ROLE_KEYS) });

export const setMemberRoleProcedure = tenantProcedure
  .meta({ permission: "members:manage" })
  .input(ZSetMemberRoleRequest)
  .output(ZMemberRole)
  .mutation(({ ctx, input }) => setMemberRole({ tenantId: ctx.tenantId, ...input }));
