import { processGitHubEvent, type GitHubEvent } from "../server/services/webhooks/process-event";
import type { JobDeps } from "./define-job";

export async function handleGitHubWebhook(
  payload: { tenantId: number; repositoryId: number; deliveryId: string; event: GitHubEvent },
  deps: JobDeps,
) {
  return processGitHubEvent({ ...payload, logger: deps.logger.child({ deliveryId: payload.deliveryId }) });
}
