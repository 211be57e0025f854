import { acceptInvitation } from "../../services/invitations/accept-invitation";
import { authedProcedure } from "../../trpc/procedures";
import { refuseApiKey, ZInvitationKey } from "./schemas";

/** Joins the inviting workspace; an invitation that is not the caller's to answer is NOT_FOUND. */
export const acceptInvitationProcedure = authedProcedure
  .meta({ permission: "signed-in" })
  .input(ZInvitationKey)
  .mutation(({ ctx, input }) => {
    refuseApiKey(ctx.identity);
    return acceptInvitation({ actor: { userId: ctx.userId, apiKeyId: null, requestId: ctx.requestId }, key: input });
  });
