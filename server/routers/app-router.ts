import { router } from "../trpc/procedures";
import { agentRunsRouter } from "./agent-runs/router";
import { connectorsRouter } from "./connectors/router";
import { featuresRouter } from "./features/router";
import {
  apiKeysRouter,
  auditRouter,
  budgetsRouter,
  envVarsRouter,
  hooksRouter,
  membersRouter,
  toolsRouter,
} from "./governance/router";
import { domainsRouter, k8sClustersRouter, previewsRouter, sandboxesRouter } from "./k8s/router";
import { podRouter } from "./pod/router";
import { instructionsRouter } from "./instructions/router";
import { projectRepositoriesRouter, repositoriesRouter } from "./repositories/router";
import { meRouter } from "./me/router";
import { projectsRouter } from "./projects/router";
import { ticketsRouter } from "./tickets/router";

export const appRouter = router({
  me: meRouter,
  projects: projectsRouter,
  tickets: ticketsRouter,
  agentRuns: agentRunsRouter,
  instructions: instructionsRouter,
  connectors: connectorsRouter,
  repositories: repositoriesRouter,
  projectRepositories: projectRepositoriesRouter,
  features: featuresRouter,
  pod: podRouter,
  k8sClusters: k8sClustersRouter,
  previews: previewsRouter,
  domains: domainsRouter,
  sandboxes: sandboxesRouter,
  members: membersRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  budgets: budgetsRouter,
  envVars: envVarsRouter,
  hooks: hooksRouter,
  tools: toolsRouter,
});

export type AppRouter = typeof appRouter;
