import { z } from "zod";
import { ROLE_KEYS } from "../../auth/roles";
import { inviteMember } from "../../services/invitations/invite-member";
import { tenantProcedure } from "../../trpc/procedures";
import { ZSentInvitation } from "./schemas";

export const ZInviteMemberRequest = z.object({
  login: z
    .string()
    .trim()
    .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "A GitHub login (letters, digits, dashes)."),
  role: z.enum(ROLE_KEYS),
});

/** Creates a pending invitation (nobody joins until they accept); the answer is the same for any login. */
export const inviteMemberProcedure = tenantProcedure
  .meta({ permission: "members:manage" })
  .input(ZInviteMemberRequest)
  .output(ZSentInvitation)
  .mutation(({ ctx, input }) =>
    inviteMember({ tenantId: ctx.tenantId, userId: ctx.userId, appUrl: ctx.env.APP_URL, ...input }),
  );
