export { listConnectors } from "../server/services/connectors/connectors";
export {
  getRepository,
  listProjectRepositories,
  listRepositories,
  listRepositoryConfigs,
} from "../server/services/repositories/repositories";
