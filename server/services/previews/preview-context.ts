import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { previewDeployments, repositories, tenants } from "../../../db/schema";
import { previewResourceName, tenantNamespaceName } from "../../../k8s/manifests";
import type { Env } from "../../env.server";
import { notFound } from "../../errors";
import { clusterClients } from "../clusters/cluster-clients";

/** A preview row with its repository and workspace slug, what its objects are named, and its cluster's clients. */
export async function previewContext(options: { tenantId: number; previewId: number; env: Env }) {
  const [row] = await db
    .select({ preview: previewDeployments, repo: { owner: repositories.owner, name: repositories.name }, slug: tenants.slug })
    .from(previewDeployments)
    .innerJoin(tenants, eq(tenants.id, previewDeployments.tenantId))
    .leftJoin(repositories, eq(repositories.id, previewDeployments.repositoryId))
    .where(and(eq(previewDeployments.id, options.previewId), eq(previewDeployments.tenantId, options.tenantId)));
  if (!row) throw notFound("Preview");
  const { clients } = await clusterClients({ ...options, clusterId: row.preview.clusterId });
  const namespace = tenantNamespaceName(row.slug);
  const name = previewResourceName(`${row.repo?.name ?? "app"}-${row.preview.branch}`);
  return { ...row, clients, namespace, name };
}
