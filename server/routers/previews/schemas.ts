import { z } from "zod";

export const ZPreview = z.object({
  id: z.number(),
  clusterId: z.number(),
  repositoryId: z.number().nullable(),
  runId: z.number().nullable(),
  ticketId: z.number().nullable(),
  branch: z.string(),
  host: z.string(),
  url: z.string().nullable(),
  status: z.string(),
  error: z.string().nullable(),
  createdAt: z.date(),
  destroyedAt: z.date().nullable(),
});
