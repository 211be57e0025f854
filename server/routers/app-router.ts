import { router } from "../trpc/procedures";
import { agentRunsRouter } from "./agent-runs/router";
import { instructionsRouter } from "./instructions/router";
import { meRouter } from "./me/router";
import { projectsRouter } from "./projects/router";
import { ticketsRouter } from "./tickets/router";

export const appRouter = router({
  me: meRouter,
  projects: projectsRouter,
  tickets: ticketsRouter,
  agentRuns: agentRunsRouter,
  instructions: instructionsRouter,
});

export type AppRouter = typeof appRouter;
