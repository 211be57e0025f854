import { router } from "../../trpc/procedures";
import { createInstructionProcedure } from "./create-instruction";
import { deleteInstructionProcedure } from "./delete-instruction";
import { listInstructionsProcedure } from "./list-instructions";
import { setDefaultInstructionsProcedure } from "./set-default-instructions";
import { updateInstructionProcedure } from "./update-instruction";

/** Instruction layers: per-provider defaults, then custom instructions for the tenant, a project, a repository or a ticket. */
export const instructionsRouter = router({
  list: listInstructionsProcedure,
  setDefault: setDefaultInstructionsProcedure,
  create: createInstructionProcedure,
  update: updateInstructionProcedure,
  delete: deleteInstructionProcedure,
});
