import { router } from "../../trpc/procedures";
import { createSandboxProcedure } from "./create-sandbox";
import { destroySandboxProcedure } from "./destroy-sandbox";
import { getSandboxProcedure } from "./get-sandbox";
import { listSandboxLogLinesProcedure } from "./list-sandbox-log-lines";
import { listSandboxesProcedure } from "./list-sandboxes";

export const sandboxesRouter = router({
  list: listSandboxesProcedure,
  get: getSandboxProcedure,
  create: createSandboxProcedure,
  destroy: destroySandboxProcedure,
  logs: listSandboxLogLinesProcedure,
});
