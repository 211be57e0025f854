import { withAmbientTransaction } from "../../../db/client";
import type { Logger } from "../../logger";
import { processGitHubEvent } from "./process-github-event";
import type { GitHubEvent } from "./summarise-delivery";
import { lockDelivery } from "./lock-delivery";
import { markDelivery } from "./mark-delivery";

/**
 * One attempt at a delivery (the pg-boss job): its effects and its "processed" mark commit
 * together, under the delivery's row lock, so a retry or a redelivery racing it finds the
 * work done and does nothing. A failure is recorded (so GitHub's "Redeliver" is processed
 * again) and thrown, so pg-boss retries.
 */
export async function processDelivery(options: {
  tenantId: number;
  repositoryId: number;
  deliveryRowId: number;
  event: GitHubEvent;
  logger: Logger;
}) {
  try {
    return await withAmbientTransaction(async () => {
      const delivery = await lockDelivery(options);
      if (!delivery || delivery.status === "processed") return { skipped: true };
      const result = await processGitHubEvent(options);
      await markDelivery({ ...options, status: "processed" });
      return result;
    });
  } catch (error) {
    await markDelivery({ ...options, status: "failed", error: reasonOf(error) });
    throw error;
  }
}

/** The database's own words when a query failed (Drizzle wraps them in "Failed query: …"). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}
