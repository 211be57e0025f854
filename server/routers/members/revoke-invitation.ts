import { z } from "zod";
import { revokeInvitation } from "../../services/invitations/revoke-invitation";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRevokedInvitation } from "./schemas";

export const ZRevokeInvitationRequest = z.object({ invitationId: ZId });

export const revokeInvitationProcedure = tenantProcedure
  .meta({ permission: "members:manage" })
  .input(ZRevokeInvitationRequest)
  .output(ZRevokedInvitation)
  .mutation(({ ctx, input }) => revokeInvitation({ tenantId: ctx.tenantId, ...input }));
