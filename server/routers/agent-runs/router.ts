import { router } from "../../trpc/procedures";
import { runEventsProcedure } from "./events";

export const agentRunsRouter = router({
  events: runEventsProcedure,
});
