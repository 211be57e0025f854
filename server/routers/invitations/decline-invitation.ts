import { z } from "zod";
import { declineInvitation } from "../../services/invitations/decline-invitation";
import { authedProcedure } from "../../trpc/procedures";
import { refuseApiKey, ZInvitationKey } from "./schemas";

export const ZDeclineInvitationResponse = z.object({ id: z.number(), status: z.literal("declined") });

export const declineInvitationProcedure = authedProcedure
  .meta({ permission: "signed-in" })
  .input(ZInvitationKey)
  .output(ZDeclineInvitationResponse)
  .mutation(({ ctx, input }) => {
    refuseApiKey(ctx.identity);
    return declineInvitation({ actor: { userId: ctx.userId, apiKeyId: null, requestId: ctx.requestId }, key: input });
  });
