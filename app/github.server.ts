export { getAuthenticator } from "../server/auth/github-login";
export { connectAuthorizationUrl, exchangeConnectCode } from "../server/auth/github-connect";
export { createConnector } from "../server/services/connectors/create-connector";
export { listConnectors } from "../server/services/connectors/list-connectors";
export { getRepository, listRepositories, listRepositoryConfigs } from "../server/services/repositories/repositories";
