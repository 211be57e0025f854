import { z } from "zod";
import { deleteCustomInstruction } from "../../services/instructions/delete-custom-instruction";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteInstructionRequest = z.object({ id: ZId });

export const deleteInstructionProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZDeleteInstructionRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => deleteCustomInstruction({ tenantId: ctx.tenantId, id: input.id }));
