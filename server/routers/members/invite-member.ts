import { z } from "zod";
import { ROLE_KEYS } from "../../auth/roles";
import { TRPCError } from "@trpc/server";
import { inviteMember, UnknownGitHubLogin } from "../../services/invitations/invite-member";
import { tenantProcedure } from "../../trpc/procedures";
import { ZSentInvitation } from "./schemas";

export const ZInviteMemberRequest = z.object({
  login: z
    .string()
    .trim()
    .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "A GitHub login (letters, digits, dashes)."),
  role: z.enum(ROLE_KEYS),
});

/**
 * Creates a pending invitation (nobody joins until they accept) for a login
 * GitHub has; asking GitHub is a call out, so the rows commit in `ctx.inTransaction`.
 */
export const inviteMemberProcedure = tenantProcedure
  .meta({ permission: "members:manage", transaction: "explicit" })
  .input(ZInviteMemberRequest)
  .output(ZSentInvitation)
  .mutation(async ({ ctx, input }) =>
    inviteMember({
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      appUrl: ctx.env.APP_URL,
      env: ctx.env,
      ...input,
      commit: ctx.inTransaction,
    }).catch((error: unknown) => {
      if (!(error instanceof UnknownGitHubLogin)) throw error;
      // As the schema's own issues are answered: the form shows it beside the login (ZodRealError: an Error, so tRPC keeps it as the cause).
      const issues = new z.ZodRealError([{ code: "custom", path: ["login"], message: error.message, input: input.login }]);
      throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: issues });
    }),
  );
