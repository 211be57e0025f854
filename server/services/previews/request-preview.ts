import { db } from "../../../db/client";
import { previewDeployments } from "../../../db/schema";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { previewDeployJob } from "../../../jobs/previews";
import { previewHost } from "../../../k8s/manifests";
import type { Env } from "../../env.server";
import { getRun } from "../agent-runs/get-run";
import { getTicket } from "../tickets/get-ticket";
import { clusterClients } from "../clusters/cluster-clients";
import { getRepository } from "../repositories/get-repository";
import { previewBaseDomain } from "./preview-base-domain";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { getPreview } from "./get-preview";
import { livePreviewsOf } from "./live-previews";

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
