import { desc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { domains, previewDeployments } from "../../../db/schema";
import { domainColumns, withChallenge } from "./domain-columns";

/** The workspace's domain claims, newest first, each with the TXT record that proves it. */
export async function listDomains(options: { tenantId: number }) {
  const rows = await db
    .select(domainColumns)
    .from(domains)
    .leftJoin(previewDeployments, eq(previewDeployments.id, domains.previewDeploymentId))
    .where(eq(domains.tenantId, options.tenantId))
    .orderBy(desc(domains.id));
  return rows.map(withChallenge);
}
