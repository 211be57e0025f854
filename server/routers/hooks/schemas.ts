import { z } from "zod";

/** A hook as the settings page lists it; its secret is never shown again after creation. */
export const ZHook = z.object({
  id: z.number(),
  name: z.string(),
  event: z.string(),
  kind: z.enum(["webhook", "script"]),
  targetUrl: z.string().nullable(),
  script: z.string().nullable(),
  timeoutSeconds: z.number(),
  enabled: z.boolean(),
  createdAt: z.date(),
});
