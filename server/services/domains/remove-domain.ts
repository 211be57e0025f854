import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { domains } from "../../../db/schema";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { previewDeployJob } from "../../../jobs/previews";
import { notFound } from "../../errors";

/** Drops a claim; a verified one leaves its preview's Ingress, and the name is free for another workspace to prove. */
export async function removeDomain(options: { tenantId: number; domainId: number }) {
  const [row] = await db
    .delete(domains)
    .where(and(eq(domains.id, options.domainId), eq(domains.tenantId, options.tenantId)))
    .returning();
  if (!row) throw notFound("Domain");
  if (row.status === "verified" && row.previewDeploymentId)
    await sendJob(getBoss(), previewDeployJob, { tenantId: options.tenantId, previewId: row.previewDeploymentId });
  return { id: row.id };
}
