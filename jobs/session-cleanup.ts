import { z } from "zod";
import { defineJob } from "./define-job";

export const sessionCleanupJob = defineJob({
  name: "sessions.cleanup",
  payload: z.object({}).passthrough(),
  queue: { retryLimit: 1, expireInSeconds: 60 },
  schedule: "17 * * * *",
});
