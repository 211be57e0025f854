import { and, desc, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { domains, previewDeployments, repositories, tenants } from "../../../db/schema";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { previewDeployJob, previewDestroyJob } from "../../../jobs/previews";
import { kubeErrorMessage } from "../../../k8s/client";
import {
  previewDeployment,
  previewHost,
  previewIngress,
  previewResourceName,
  previewService,
  tenantNamespaceName,
} from "../../../k8s/manifests";
import { deleteIfPresent, ensure, kinds } from "../../../k8s/provision";
import type { Env } from "../../env.server";
import { getRun } from "../agent-runs/get-run";
import { getTicket } from "../tickets/get-ticket";
import { AppError, notFound } from "../../errors";
import { clusterClients } from "../clusters/cluster-clients";
import { getRepository } from "../repositories/repositories";
import { previewBaseDomain } from "./preview-base-domain";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";

const PORT = 3000;

export const previewColumns = {
  id: previewDeployments.id,
  clusterId: previewDeployments.clusterId,
  repositoryId: previewDeployments.repositoryId,
  runId: previewDeployments.runId,
  ticketId: previewDeployments.ticketId,
  branch: previewDeployments.branch,
  host: previewDeployments.host,
  url: previewDeployments.url,
  status: previewDeployments.status,
  error: previewDeployments.error,
  createdAt: previewDeployments.createdAt,
  destroyedAt: previewDeployments.destroyedAt,
};

/**
 * Asks for a preview of a branch: a row (host `{branch}-{repo}.{domain}`)
 * and a pg-boss job that deploys it; an existing live preview of the same
 * repository and branch is redeployed instead of duplicated.
 */
export async function requestPreview(options: {
  tenantId: number;
  env: Env;
  clusterId: number;
  repositoryId: number;
  branch: string;
  runId?: number | null;
  ticketId?: number | null;
}) {
  const repo = await getRepository(options);
  await clusterClients(options); // the cluster must be this tenant's
  // Optional links too: a run or ticket of another workspace is "not found", never stored.
  if (options.runId) await getRun({ tenantId: options.tenantId, runId: options.runId });
  if (options.ticketId) await getTicket({ tenantId: options.tenantId, ticketId: options.ticketId });
  const host = previewHost({ branch: options.branch, repo: repo.name, domain: await previewBaseDomain(options) });
  const [existing] = await livePreviewsOf(options);
  const id =
    existing?.id ??
    (
      await db
        .insert(previewDeployments)
        .values({
          tenantId: options.tenantId,
          clusterId: options.clusterId,
          repositoryId: options.repositoryId,
          runId: options.runId ?? null,
          ticketId: options.ticketId ?? null,
          branch: options.branch,
          host,
          status: "pending",
        })
        .returning({ id: previewDeployments.id })
    )[0]!.id;
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "preview", subjectId: id });
  await sendJob(getBoss(), previewDeployJob, { tenantId: options.tenantId, previewId: id });
  return getPreview({ tenantId: options.tenantId, previewId: id });
}

/** The ids of a repository branch's previews that are not destroyed. */
function livePreviewsOf(options: { tenantId: number; repositoryId: number; branch: string }) {
  return db
    .select({ id: previewDeployments.id })
    .from(previewDeployments)
    .where(
      and(
        eq(previewDeployments.tenantId, options.tenantId),
        eq(previewDeployments.repositoryId, options.repositoryId),
        eq(previewDeployments.branch, options.branch),
        isNull(previewDeployments.destroyedAt),
      ),
    );
}

export async function getPreview(options: { tenantId: number; previewId: number }) {
  const [row] = await db
    .select(previewColumns)
    .from(previewDeployments)
    .where(and(eq(previewDeployments.id, options.previewId), eq(previewDeployments.tenantId, options.tenantId)));
  if (!row) throw notFound("Preview");
  return row;
}

export async function listPreviews(options: { tenantId: number; runId?: number; ticketId?: number; includeDestroyed?: boolean }) {
  return db
    .select(previewColumns)
    .from(previewDeployments)
    .where(
      and(
        eq(previewDeployments.tenantId, options.tenantId),
        options.runId ? eq(previewDeployments.runId, options.runId) : undefined,
        options.ticketId ? eq(previewDeployments.ticketId, options.ticketId) : undefined,
        options.includeDestroyed ? undefined : isNull(previewDeployments.destroyedAt),
      ),
    )
    .orderBy(desc(previewDeployments.id));
}

async function previewContext(options: { tenantId: number; previewId: number; env: Env }) {
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
  return { ...row, clients, namespace, name, k: kinds(clients, namespace) };
}

/** The deploy job: Deployment, Service and Ingress (the preview host plus its verified custom domains), then the row says where it is. */
export async function deployPreview(options: { tenantId: number; previewId: number; env: Env }) {
  const context = await previewContext(options);
  const { preview, repo, namespace, name, k, slug } = context;
  const image = options.env.PREVIEW_IMAGE_TEMPLATE.replace("{owner}", repo?.owner ?? "")
    .replace("{repo}", repo?.name ?? "")
    .replace("{branch}", preview.branch.replace(/[^A-Za-z0-9_.-]/g, "-"));
  // Only a proven domain is routed: a pending claim could name anybody's host.
  const custom = await db
    .select({ domain: domains.domain })
    .from(domains)
    .where(
      and(eq(domains.tenantId, options.tenantId), eq(domains.previewDeploymentId, preview.id), eq(domains.status, "verified")),
    );
  const hosts = [preview.host, ...custom.map((row) => row.domain)];
  const input = { namespace, tenantSlug: slug, name };
  try {
    await ensure(k.deployment, previewDeployment({ ...input, image, port: PORT }));
    await ensure(k.service, previewService({ ...input, port: PORT }));
    await ensure(k.ingress, previewIngress({ ...input, hosts, port: PORT }));
    await db
      .update(previewDeployments)
      .set({
        status: "ready",
        deploymentName: name,
        namespace,
        url: `http://${preview.host}`,
        error: null,
        updatedAt: new Date(),
      })
      .where(eq(previewDeployments.id, preview.id));
  } catch (error) {
    await db
      .update(previewDeployments)
      .set({ status: "error", error: kubeErrorMessage(error), updatedAt: new Date() })
      .where(eq(previewDeployments.id, preview.id));
  }
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "preview", subjectId: preview.id });
  return getPreview(options);
}

/** The destroy job: removes the preview's objects; the row stays as history. */
export async function destroyPreview(options: { tenantId: number; previewId: number; env: Env }) {
  const { preview, clients, namespace, name } = await previewContext(options);
  await deleteIfPresent(() => clients.networking.deleteNamespacedIngress({ name, namespace }));
  await deleteIfPresent(() => clients.core.deleteNamespacedService({ name, namespace }));
  await deleteIfPresent(() => clients.apps.deleteNamespacedDeployment({ name, namespace }));
  await db
    .update(previewDeployments)
    .set({ status: "destroyed", destroyedAt: new Date(), updatedAt: new Date() })
    .where(eq(previewDeployments.id, preview.id));
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "preview", subjectId: preview.id });
  return getPreview(options);
}

export async function requestPreviewDestroy(options: { tenantId: number; previewId: number }) {
  const preview = await getPreview(options);
  if (preview.destroyedAt) throw new AppError("CONFLICT", "This preview is already destroyed.");
  await db
    .update(previewDeployments)
    .set({ status: "destroying", updatedAt: new Date() })
    .where(eq(previewDeployments.id, preview.id));
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "preview", subjectId: preview.id });
  await sendJob(getBoss(), previewDestroyJob, { tenantId: options.tenantId, previewId: options.previewId });
  return { ...preview, status: "destroying" };
}

/** A closed or merged pull request's branch loses its previews. */
export async function destroyPreviewsOfBranch(options: { tenantId: number; repositoryId: number; branch: string }) {
  const live = await livePreviewsOf(options);
  for (const preview of live) await requestPreviewDestroy({ tenantId: options.tenantId, previewId: preview.id });
  return live.length;
}
