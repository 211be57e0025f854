import { router } from "../../trpc/procedures";
import { createConnectorProcedure } from "./create-connector";
import { getConnectorProcedure } from "./get-connector";
import { importRepositoriesProcedure } from "./import-repositories";
import { listConnectorRepositoriesProcedure } from "./list-connector-repositories";
import { listConnectorsProcedure } from "./list-connectors";
import { revokeConnectorProcedure } from "./revoke-connector";

/** GitHub connectors: a token (OAuth or personal access token), checked on creation, sealed at rest, never returned. */
export const connectorsRouter = router({
  create: createConnectorProcedure,
  list: listConnectorsProcedure,
  get: getConnectorProcedure,
  revoke: revokeConnectorProcedure,
  repos: listConnectorRepositoriesProcedure,
  import: importRepositoriesProcedure,
});
