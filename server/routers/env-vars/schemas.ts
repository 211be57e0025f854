import { z } from "zod";

/** An environment variable set's row. */
export const ZEnvVarSet = z.object({
  id: z.number(),
  tenantId: z.number(),
  name: z.string(),
  scope: z.enum(["repository", "project"]),
  projectId: z.number().nullable(),
  repositoryId: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A set with the names of its variables; their values stay encrypted on the server. */
export const ZEnvVarSetWithVars = ZEnvVarSet.extend({
  vars: z.array(z.object({ id: z.number(), key: z.string(), updatedAt: z.date() })),
});

export const ZSetEnvVarResponse = z.object({ id: z.number(), key: z.string() });
