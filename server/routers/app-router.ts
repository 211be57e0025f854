import { router } from "../trpc/procedures";
import { agentRunsRouter } from "./agent-runs/router";
import { meRouter } from "./me/router";

export const appRouter = router({
  me: meRouter,
  agentRuns: agentRunsRouter,
});

export type AppRouter = typeof appRouter;
