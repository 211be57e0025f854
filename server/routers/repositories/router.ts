import { router } from "../../trpc/procedures";
import { addAliasProcedure } from "./add-alias";
import { getFileProcedure } from "./get-file";
import { getFileTreeProcedure } from "./get-file-tree";
import { getRepositoryProcedure } from "./get-repository";
import { listBranchesProcedure } from "./list-branches";
import { listRepositoriesProcedure } from "./list-repositories";
import { listRepositoryConfigsProcedure } from "./list-repository-configs";
import { removeAliasProcedure } from "./remove-alias";
import { scanConfigsProcedure } from "./scan-configs";
import { setupWebhookProcedure } from "./setup-webhook";

export const repositoriesRouter = router({
  list: listRepositoriesProcedure,
  get: getRepositoryProcedure,
  branches: listBranchesProcedure,
  fileTree: getFileTreeProcedure,
  file: getFileProcedure,
  configs: listRepositoryConfigsProcedure,
  scanConfigs: scanConfigsProcedure,
  setupWebhook: setupWebhookProcedure,
  addAlias: addAliasProcedure,
  removeAlias: removeAliasProcedure,
});
