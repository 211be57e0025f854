import { z } from "zod";
import { listMyInvitations } from "../../services/invitations/list-my-invitations";
import { authedProcedure } from "../../trpc/procedures";
import { ROLE_KEYS } from "../../auth/roles";

export const ZListMyInvitationsResponse = z.array(
  z.object({
    id: z.number(),
    tenantId: z.number(),
    tenantName: z.string(),
    role: z.enum(ROLE_KEYS),
    /** The login of who invited. */
    invitedBy: z.string().nullable(),
    expiresAt: z.date(),
  }),
);

/** Invitations waiting for the signed-in user, from any workspace; needs no membership anywhere. */
export const listMyInvitationsProcedure = authedProcedure
  .meta({ permission: "signed-in" })
  .output(ZListMyInvitationsResponse)
  .query(({ ctx }) => listMyInvitations({ userId: ctx.userId }));
