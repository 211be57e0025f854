import { z } from "zod";

export const ZInstructionScope = z.enum(["tenant", "repository", "project", "ticket"]);

/** A custom instruction's row. */
export const ZCustomInstruction = z.object({
  id: z.number(),
  tenantId: z.number(),
  scope: ZInstructionScope,
  scopeId: z.number().nullable(),
  title: z.string(),
  instructions: z.string(),
  priority: z.number(),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A provider's default instructions' row. */
export const ZDefaultInstructions = z.object({
  id: z.number(),
  tenantId: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
  provider: z.string(),
  instructions: z.string(),
});

export const ZInstructionList = z.object({
  defaults: z.array(ZDefaultInstructions.pick({ provider: true, instructions: true, updatedAt: true })),
  custom: z.array(ZCustomInstruction.omit({ tenantId: true, createdAt: true })),
});
