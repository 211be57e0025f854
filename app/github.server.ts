export { listConnectors } from "../server/services/connectors/connectors";
export {
  getRepository,
  listProjectRepositories,
  listRepositories,
  listRepositoryConfigs,
} from "../server/services/repositories/repositories";
export { connectAuthorizationUrl, exchangeConnectCode } from "../server/auth/github-connect";
export { createConnector } from "../server/services/connectors/connectors";
export { getEnv } from "../server/env.server";
export { listClusters } from "../server/services/clusters/clusters";
export { listSandboxes } from "../server/services/sandboxes/sandboxes";
export { listDomains, listPreviews } from "../server/services/previews/previews";
