export { getAuthenticator } from "../server/auth/github-login";
export { connectAuthorizationUrl, exchangeConnectCode } from "../server/auth/github-connect";
export { createConnector, listConnectors } from "../server/services/connectors/connectors";
export { getRepository, listRepositories, listRepositoryConfigs } from "../server/services/repositories/repositories";
