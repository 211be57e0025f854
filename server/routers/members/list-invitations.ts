import { z } from "zod";
import { listInvitations } from "../../services/invitations/list-invitations";
import { tenantProcedure } from "../../trpc/procedures";
import { ZPendingInvitation } from "./schemas";

export const listInvitationsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(z.array(ZPendingInvitation))
  .query(({ ctx }) => listInvitations({ tenantId: ctx.tenantId }));
