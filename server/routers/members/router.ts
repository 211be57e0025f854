import { router } from "../../trpc/procedures";
import { inviteMemberProcedure } from "./invite-member";
import { listMembersProcedure } from "./list-members";
import { removeMemberProcedure } from "./remove-member";
import { setMemberRoleProcedure } from "./set-member-role";

export const membersRouter = router({
  list: listMembersProcedure,
  invite: inviteMemberProcedure,
  setRole: setMemberRoleProcedure,
  remove: removeMemberProcedure,
});
