import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZId } from "../schemas";

/** An invitation by id (from `me.invitations`) or by the token of its link. */
export const ZInvitationKey = z.union([
  z.object({ invitationId: ZId }).strict(),
  z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "An invitation link's token.") }).strict(),
]);

/** Joining a workspace is the person's own answer: an API key acting for them may not give it. */
export function refuseApiKey(identity: { apiKeyId?: number }) {
  if (identity.apiKeyId)
    throw new TRPCError({ code: "FORBIDDEN", message: "Not allowed: answer invitations signed in, not with an API key." });
}
