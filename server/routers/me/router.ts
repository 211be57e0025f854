import { router } from "../../trpc/procedures";
import { getMeProcedure } from "./get-me";
import { listMyInvitationsProcedure } from "./list-my-invitations";

export const meRouter = router({
  get: getMeProcedure,
  invitations: listMyInvitationsProcedure,
});
