export { getAuthenticator } from "../server/auth/github-login";
export { connectAuthorizationUrl, exchangeConnectCode } from "../server/auth/github-connect";
export { createConnector } from "../server/services/connectors/create-connector";
export { listConnectors } from "../server/services/connectors/list-connectors";
export { getRepository } from "../server/services/repositories/get-repository";
export { listRepositories } from "../server/services/repositories/list-repositories";
export { listRepositoryConfigs } from "../server/services/repositories/list-repository-configs";
