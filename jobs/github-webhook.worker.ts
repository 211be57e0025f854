import { processDelivery } from "../server/services/webhooks/process-delivery";
import { defineWorker } from "./define-job";
import { githubWebhookJob } from "./github-webhook";

export const githubWebhookWorker = defineWorker(githubWebhookJob, {
  handle: (payload, deps) => processDelivery({ ...payload, logger: deps.logger.child({ deliveryId: payload.deliveryId }) }),
});
