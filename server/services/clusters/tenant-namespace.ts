import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { tenants } from "../../../db/schema";
import { tenantNamespaceName } from "../../../k8s/manifests";
import { notFound } from "../../errors";

/** The workspace slug, which names its namespace `al-{slug}`. */
export async function tenantSlug(tenantId: number) {
  const [tenant] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Workspace");
  return tenant.slug;
}

/**
 * The tenant's namespace on a cluster: the one recorded when it was provisioned, else `al-{slug}`
 * (the slug is looked up only when needed and not given).
 */
export async function namespaceOf(tenantId: number, cluster: { namespace: string | null }, slug?: string) {
  return cluster.namespace ?? tenantNamespaceName(slug ?? (await tenantSlug(tenantId)));
}
