import { z } from "zod";

export const ZSandbox = z.object({
  id: z.number(),
  clusterId: z.number(),
  repositoryId: z.number().nullable(),
  branch: z.string().nullable(),
  podName: z.string().nullable(),
  namespace: z.string().nullable(),
  status: z.string(),
  destroyedAt: z.date().nullable(),
  createdAt: z.date(),
  repository: z.string().nullable(),
});

export const ZSandboxLogLines = z.object({
  status: z.string(),
  lines: z.array(z.object({ id: z.number(), line: z.string(), stream: z.string() })),
});
