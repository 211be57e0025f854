import { z } from "zod";

/** A cluster as the app shows it; its kubeconfig stays on the server. */
export const ZCluster = z.object({
  id: z.number(),
  name: z.string(),
  serverUrl: z.string().nullable(),
  serverVersion: z.string().nullable(),
  status: z.enum(["error", "pending", "ready"]),
  namespace: z.string().nullable(),
  lastSyncedAt: z.date().nullable(),
  syncInfo: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});
