import { router } from "../../trpc/procedures";
import { inviteMemberProcedure } from "./invite-member";
import { listInvitationsProcedure } from "./list-invitations";
import { listMembersProcedure } from "./list-members";
import { removeMemberProcedure } from "./remove-member";
import { revokeInvitationProcedure } from "./revoke-invitation";
import { setMemberRoleProcedure } from "./set-member-role";

export const membersRouter = router({
  list: listMembersProcedure,
  invite: inviteMemberProcedure,
  invitations: listInvitationsProcedure,
  revokeInvitation: revokeInvitationProcedure,
  setRole: setMemberRoleProcedure,
  remove: removeMemberProcedure,
});
