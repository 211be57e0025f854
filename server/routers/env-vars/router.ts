import { router } from "../../trpc/procedures";
import { createEnvVarSetProcedure } from "./create-env-var-set";
import { deleteEnvVarProcedure } from "./delete-env-var";
import { deleteEnvVarSetProcedure } from "./delete-env-var-set";
import { listEnvVarSetsProcedure } from "./list-env-var-sets";
import { setEnvVarProcedure } from "./set-env-var";

export const envVarsRouter = router({
  list: listEnvVarSetsProcedure,
  createSet: createEnvVarSetProcedure,
  setVar: setEnvVarProcedure,
  deleteVar: deleteEnvVarProcedure,
  deleteSet: deleteEnvVarSetProcedure,
});
