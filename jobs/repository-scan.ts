import { z } from "zod";
import { defineJob } from "./define-job";

/** Scans an imported repository's config files. */
export const repositoryScanJob = defineJob({
  name: "repository.scan-configs",
  payload: z.object({ tenantId: z.number().int().positive(), repositoryId: z.number().int().positive() }),
  queue: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
});
