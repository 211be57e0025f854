import { z } from "zod";
import { defineJob } from "./define-job";

/**
 * Tests a cluster's connection and (re)provisions the workspace's namespace. Sent
 * in the transaction that registers the cluster or asks for a sync, so the row
 * and the work that must follow it commit together, and the Kubernetes calls run
 * outside any transaction.
 */
export const clusterSyncJob = defineJob({
  name: "cluster.sync",
  payload: z.object({ tenantId: z.number().int().positive(), clusterId: z.number().int().positive() }),
  // A sync records its own failure on the cluster (status "error"); a retry is for a crashed worker.
  queue: { retryLimit: 2, retryDelay: 5, expireInSeconds: 180 },
});
