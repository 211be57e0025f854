import { eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { webhookDeliveries } from "../../../db/schema";
import { githubWebhookJob } from "../../../jobs/github-webhook";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import type { GitHubEvent } from "./summarise-delivery";

/**
 * Records a verified delivery and queues its processing in one transaction, so a delivery is
 * never recorded without its job. Deduplicated per (webhook, delivery GUID): GitHub sends one
 * GUID to every hook of an event, so each webhook gets every event; a delivery already processed
 * or still queued is a duplicate, but a redelivery of one whose processing failed is queued again.
 */
export async function acceptDelivery(options: {
  tenantId: number;
  repositoryId: number;
  webhookId: number;
  deliveryId: string;
  event: GitHubEvent;
}): Promise<"accepted" | "duplicate"> {
  const { tenantId, webhookId, deliveryId } = options;
  // A ping needs no processing: it is recorded as processed, and only once.
  const status = options.event.event === "ping" ? "processed" : "queued";
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ tenantId, webhookId, deliveryId, event: options.event.event, status })
      .onConflictDoUpdate({
        target: [webhookDeliveries.webhookId, webhookDeliveries.deliveryId],
        set: { status, lastError: null, receivedAt: sql`now()` },
        setWhere: eq(webhookDeliveries.status, "failed"),
      })
      .returning({ id: webhookDeliveries.id });
    if (!row) return "duplicate";
    if (status === "queued")
      await sendJob(
        getBoss(),
        githubWebhookJob,
        { tenantId, repositoryId: options.repositoryId, deliveryId, deliveryRowId: row.id, event: options.event },
        { tx },
      );
    return "accepted";
  });
}
