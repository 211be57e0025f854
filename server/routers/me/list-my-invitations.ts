import { listMyInvitations } from "../../services/invitations/list-my-invitations";
import { authedProcedure } from "../../trpc/procedures";

/** Invitations waiting for the signed-in user, from any workspace; needs no membership anywhere. */
export const listMyInvitationsProcedure = authedProcedure
  .meta({ permission: "signed-in" })
  .query(({ ctx }) => listMyInvitations({ userId: ctx.userId }));
