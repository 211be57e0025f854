import { z } from "zod";
import { removeMember } from "../../services/members/remove-member";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRemovedMember } from "./schemas";

export const ZRemoveMemberRequest = z.object({ userId: ZId });

export const removeMemberProcedure = tenantProcedure
  .meta({ permission: "members:manage" })
  .input(ZRemoveMemberRequest)
  .output(ZRemovedMember)
  .mutation(({ ctx, input }) => removeMember({ tenantId: ctx.tenantId, ...input }));
