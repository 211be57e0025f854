import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { domains, previewDeployments } from "../../../db/schema";
import { notFound } from "../../errors";
import { domainColumns, withChallenge } from "./domain-columns";

/** One of the workspace's domain claims, or NOT_FOUND (a claim of another workspace too). */
export async function getDomain(options: { tenantId: number; domainId: number }) {
  const [row] = await db
    .select(domainColumns)
    .from(domains)
    .leftJoin(previewDeployments, eq(previewDeployments.id, domains.previewDeploymentId))
    .where(and(eq(domains.id, options.domainId), eq(domains.tenantId, options.tenantId)));
  if (!row) throw notFound("Domain");
  return withChallenge(row);
}
