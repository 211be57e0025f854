import { router } from "../trpc/procedures";
import { agentRunsRouter } from "./agent-runs/router";
import { apiKeysRouter } from "./api-keys/router";
import { auditRouter } from "./audit/router";
import { budgetsRouter } from "./budgets/router";
import { connectorsRouter } from "./connectors/router";
import { domainsRouter } from "./domains/router";
import { envVarsRouter } from "./env-vars/router";
import { featuresRouter } from "./features/router";
import { hooksRouter } from "./hooks/router";
import { instructionsRouter } from "./instructions/router";
import { invitationsRouter } from "./invitations/router";
import { k8sClustersRouter } from "./k8s-clusters/router";
import { meRouter } from "./me/router";
import { membersRouter } from "./members/router";
import { modelPricesRouter } from "./model-prices/router";
import { outboundRouter } from "./outbound/router";
import { podRouter } from "./pod/router";
import { previewsRouter } from "./previews/router";
import { projectRepositoriesRouter } from "./project-repositories/router";
import { projectsRouter } from "./projects/router";
import { repositoriesRouter } from "./repositories/router";
import { sandboxesRouter } from "./sandboxes/router";
import { searchRouter } from "./search/router";
import { ticketsRouter } from "./tickets/router";
import { toolsRouter } from "./tools/router";
import { workspaceRouter } from "./workspace/router";

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
  invitations: invitationsRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  budgets: budgetsRouter,
  modelPrices: modelPricesRouter,
  envVars: envVarsRouter,
  hooks: hooksRouter,
  tools: toolsRouter,
  outbound: outboundRouter,
  workspace: workspaceRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
