import { declineInvitation } from "../../services/invitations/decline-invitation";
import { authedProcedure } from "../../trpc/procedures";
import { refuseApiKey, ZInvitationKey } from "./schemas";

export const declineInvitationProcedure = authedProcedure
  .meta({ permission: "signed-in" })
  .input(ZInvitationKey)
  .mutation(({ ctx, input }) => {
    refuseApiKey(ctx.identity);
    return declineInvitation({ actor: { userId: ctx.userId, apiKeyId: null, requestId: ctx.requestId }, key: input });
  });
