import { processGitHubEvent } from "../server/services/webhooks/process-event";
import { defineWorker } from "./define-job";
import { githubWebhookJob } from "./github-webhook";

export const githubWebhookWorker = defineWorker(githubWebhookJob, {
  handle: (payload, deps) => processGitHubEvent({ ...payload, logger: deps.logger.child({ deliveryId: payload.deliveryId }) }),
});
