import { z } from "zod";
import { updateCustomInstruction } from "../../services/instructions/update-custom-instruction";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZInstructionText, ZInstructionTitle } from "../schemas";
import { ZCustomInstruction } from "./schemas";

export const ZUpdateInstructionRequest = z.object({
  id: ZId,
  title: ZInstructionTitle.optional(),
  instructions: ZInstructionText.min(1, "Write the instructions.").optional(),
  priority: z.number().int().min(-100).max(100).optional(),
  enabled: z.boolean().optional(),
});

export const updateInstructionProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZUpdateInstructionRequest)
  .output(ZCustomInstruction)
  .mutation(({ ctx, input }) => updateCustomInstruction({ tenantId: ctx.tenantId, ...input }));
