import { z } from "zod";

/** A feature with the repositories it spans and its aliases. */
export const ZFeatureDetail = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  projectId: z.number().nullable(),
  repositories: z.array(z.object({ repositoryId: z.number(), relativeImpact: z.number(), fullName: z.string() })),
  aliases: z.array(z.string()),
});
