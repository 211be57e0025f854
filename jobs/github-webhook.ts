import { z } from "zod";
import { defineJob } from "./define-job";

/** A verified GitHub delivery, summarised; handled off the request. */
export const githubWebhookJob = defineJob({
  name: "github.webhook",
  payload: z.object({
    tenantId: z.number().int().positive(),
    repositoryId: z.number().int().positive(),
    deliveryId: z.string(),
    /** The `webhook_deliveries` row, marked processed (or failed) by the job. */
    deliveryRowId: z.number().int().positive(),
    event: z.object({
      event: z.string(),
      action: z.string().nullable(),
      pullRequest: z
        .object({
          number: z.number(),
          merged: z.boolean(),
          state: z.string(),
          headSha: z.string().nullable(),
          headRef: z.string().nullable(),
          updatedAt: z.string().nullable(),
          url: z.string().nullish(),
          by: z.string().nullish(),
        })
        .optional(),
      check: z
        .object({
          headSha: z.string(),
          source: z.string(),
          signalId: z.number(),
          status: z.string(),
          conclusion: z.string().nullable(),
        })
        .optional(),
      push: z.object({ ref: z.string(), after: z.string() }).optional(),
    }),
  }),
  queue: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
});
