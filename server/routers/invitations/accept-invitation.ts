import { z } from "zod";
import { acceptInvitation } from "../../services/invitations/accept-invitation";
import { authedProcedure } from "../../trpc/procedures";
import { refuseApiKey, ZInvitationKey } from "./schemas";
import { ROLE_KEYS } from "../../auth/roles";

export const ZAcceptInvitationResponse = z.object({
  id: z.number(),
  status: z.literal("accepted"),
  tenantId: z.number(),
  tenantName: z.string(),
  role: z.enum(ROLE_KEYS),
});

/** Joins the inviting workspace; an invitation that is not the caller's to answer is NOT_FOUND. */
export const acceptInvitationProcedure = authedProcedure
  .meta({ permission: "signed-in" })
  .input(ZInvitationKey)
  .output(ZAcceptInvitationResponse)
  .mutation(({ ctx, input }) => {
    refuseApiKey(ctx.identity);
    return acceptInvitation({ actor: { userId: ctx.userId, apiKeyId: null, requestId: ctx.requestId }, key: input });
  });
