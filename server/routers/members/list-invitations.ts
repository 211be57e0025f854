import { listInvitations } from "../../services/invitations/list-invitations";
import { tenantProcedure } from "../../trpc/procedures";

export const listInvitationsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listInvitations({ tenantId: ctx.tenantId }));
