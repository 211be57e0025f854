import { z } from "zod";
import {
  createCustomInstruction,
  deleteCustomInstruction,
  listInstructions,
  setDefaultInstructions,
  updateCustomInstruction,
} from "../../services/instructions/instructions";
import { router, tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

const ZInstructionText = z.string().max(20_000, "Instructions are at most 20,000 characters.");
const ZInstructionTitle = z
  .string()
  .trim()
  .min(1, "Give the instructions a title.")
  .max(120, "Titles are at most 120 characters.");

/** Instruction layers: per-provider defaults, then custom instructions for the tenant, a project, a repository or a ticket. */
export const instructionsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listInstructions({ tenantId: ctx.tenantId })),
  setDefault: tenantProcedure
    .input(z.object({ provider: z.enum(["claude", "codex"]), instructions: ZInstructionText }))
    .mutation(({ ctx, input }) => setDefaultInstructions({ tenantId: ctx.tenantId, ...input })),
  create: tenantProcedure
    .input(
      z.object({
        scope: z.enum(["tenant", "project", "repository", "ticket"]),
        scopeId: ZId.nullable().default(null),
        title: ZInstructionTitle,
        instructions: ZInstructionText.min(1, "Write the instructions."),
        priority: z.number().int().min(-100).max(100).default(0),
        enabled: z.boolean().default(true),
      }),
    )
    .mutation(({ ctx, input }) => createCustomInstruction({ tenantId: ctx.tenantId, ...input })),
  update: tenantProcedure
    .input(
      z.object({
        id: ZId,
        title: ZInstructionTitle.optional(),
        instructions: ZInstructionText.min(1, "Write the instructions.").optional(),
        priority: z.number().int().min(-100).max(100).optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateCustomInstruction({ tenantId: ctx.tenantId, ...input })),
  delete: tenantProcedure
    .input(z.object({ id: ZId }))
    .mutation(({ ctx, input }) => deleteCustomInstruction({ tenantId: ctx.tenantId, id: input.id })),
});
