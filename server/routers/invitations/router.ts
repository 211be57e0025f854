import { router } from "../../trpc/procedures";
import { acceptInvitationProcedure } from "./accept-invitation";
import { declineInvitationProcedure } from "./decline-invitation";

/** The invited person's side of an invitation (the workspace's side is under `members`). */
export const invitationsRouter = router({
  accept: acceptInvitationProcedure,
  decline: declineInvitationProcedure,
});
