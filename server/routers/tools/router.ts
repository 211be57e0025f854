import { router } from "../../trpc/procedures";
import { createToolProcedure } from "./create-tool";
import { deleteToolProcedure } from "./delete-tool";
import { listToolsProcedure } from "./list-tools";
import { setAllowlistProcedure } from "./set-allowlist";
import { updateToolProcedure } from "./update-tool";

export const toolsRouter = router({
  list: listToolsProcedure,
  create: createToolProcedure,
  update: updateToolProcedure,
  delete: deleteToolProcedure,
  setAllowlist: setAllowlistProcedure,
});
