import { z } from "zod";
import { setDefaultInstructions } from "../../services/instructions/set-default-instructions";
import { tenantProcedure } from "../../trpc/procedures";
import { ZInstructionText } from "../schemas";
import { ZDefaultInstructions } from "./schemas";

export const ZSetDefaultInstructionsRequest = z.object({ provider: z.enum(["claude", "codex"]), instructions: ZInstructionText });

export const setDefaultInstructionsProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZSetDefaultInstructionsRequest)
  .output(ZDefaultInstructions.nullable())
  .mutation(({ ctx, input }) => setDefaultInstructions({ tenantId: ctx.tenantId, ...input }));
