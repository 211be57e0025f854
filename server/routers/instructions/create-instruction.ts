import { z } from "zod";
import { createCustomInstruction } from "../../services/instructions/create-custom-instruction";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZInstructionText, ZInstructionTitle } from "../schemas";
import { ZCustomInstruction } from "./schemas";

export const ZCreateInstructionRequest = z.object({
  scope: z.enum(["tenant", "project", "repository", "ticket"]),
  scopeId: ZId.nullable().default(null),
  title: ZInstructionTitle,
  instructions: ZInstructionText.min(1, "Write the instructions."),
  priority: z.number().int().min(-100).max(100).default(0),
  enabled: z.boolean().default(true),
});

export const createInstructionProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZCreateInstructionRequest)
  .output(ZCustomInstruction)
  .mutation(({ ctx, input }) => createCustomInstruction({ tenantId: ctx.tenantId, ...input }));
