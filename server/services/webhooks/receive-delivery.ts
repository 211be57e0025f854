import { and, eq, sql } from "drizzle-orm";
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

/** The delivery's row, locked: processing holds it so two attempts at one delivery never overlap. */
export async function lockDelivery(options: { tenantId: number; deliveryRowId: number }) {
  const [row] = await db
    .select({ status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, options.deliveryRowId), eq(webhookDeliveries.tenantId, options.tenantId)))
    .for("update");
  return row;
}

export async function markDelivery(options: {
  tenantId: number;
  deliveryRowId: number;
  status: "processed" | "failed";
  error?: string;
}) {
  await db
    .update(webhookDeliveries)
    .set({
      status: options.status,
      lastError: options.error?.slice(0, 2_000) ?? null,
      processedAt: options.status === "processed" ? new Date() : null,
    })
    .where(
      and(
        eq(webhookDeliveries.id, options.deliveryRowId),
        eq(webhookDeliveries.tenantId, options.tenantId),
        // A failed attempt never undoes a processed one (a redelivery may have won the race).
        options.status === "failed" ? sql`${webhookDeliveries.status} <> 'processed'` : sql`true`,
      ),
    );
}
