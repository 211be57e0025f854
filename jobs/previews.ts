import { z } from "zod";
import { defineJob } from "./define-job";

const payload = z.object({ tenantId: z.number().int().positive(), previewId: z.number().int().positive() });

export const previewDeployJob = defineJob({
  name: "preview.deploy",
  payload,
  queue: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
});
export const previewDestroyJob = defineJob({
  name: "preview.destroy",
  payload,
  queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
});
