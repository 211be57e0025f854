import { router } from "../../trpc/procedures";
import { followWorkspaceEventsProcedure } from "./follow-workspace-events";

export const workspaceRouter = router({
  events: followWorkspaceEventsProcedure,
});
