import { eq } from "drizzle-orm";
import { db, inTransaction, type Commit } from "../../../db/client";
import { sandboxes } from "../../../db/schema";
import { kubeErrorMessage } from "../../../k8s/client";
import { sandboxPodName, tenantNamespaceName } from "../../../k8s/manifests";
import { launchSandboxPod } from "../../../k8s/sandboxes";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { clusterClients } from "../clusters/cluster-clients";
import { tenantSlug } from "../clusters/tenant-namespace";
import { connectorToken } from "../connectors/connector-token";
import { getRepository } from "../repositories/get-repository";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { getSandbox } from "./get-sandbox";

/**
 * An ephemeral dev environment: a pod in the tenant's namespace with the
 * repository cloned at a branch. The row ("starting") is stored first, the pod
 * is launched outside any transaction, and its name commits in `commit`; a pod
 * that could not start leaves its row in error.
 */
export async function createSandbox(options: {
  tenantId: number;
  userId: number;
  env: Env;
  clusterId: number;
  repositoryId?: number | null;
  branch?: string | null;
  commit?: Commit;
}) {
  const { clients } = await clusterClients(options);
  const slug = await tenantSlug(options.tenantId);
  const namespace = tenantNamespaceName(slug);
  let repo: { cloneUrl: string; connectorId: number; defaultBranch: string } | undefined;
  if (options.repositoryId) repo = await getRepository({ tenantId: options.tenantId, repositoryId: options.repositoryId });
  const [row] = await inTransaction(() =>
    db
      .insert(sandboxes)
      .values({
        tenantId: options.tenantId,
        clusterId: options.clusterId,
        repositoryId: options.repositoryId ?? null,
        branch: options.branch ?? repo?.defaultBranch ?? null,
        namespace,
        status: "starting",
        createdBy: options.userId,
      })
      .returning({ id: sandboxes.id, branch: sandboxes.branch }),
  );
  const podName = sandboxPodName(row!.id);
  try {
    const gitToken = repo
      ? await connectorToken({ tenantId: options.tenantId, connectorId: repo.connectorId, env: options.env })
      : undefined;
    await launchSandboxPod(clients, {
      namespace,
      tenantSlug: slug,
      sandboxId: row!.id,
      image: options.env.AGENT_IMAGE,
      cloneUrl: repo?.cloneUrl,
      branch: row!.branch ?? undefined,
      connectorId: repo?.connectorId,
      gitToken,
    });
  } catch (error) {
    await inTransaction(async () => {
      await db.update(sandboxes).set({ status: "error", updatedAt: new Date() }).where(eq(sandboxes.id, row!.id));
      await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: row!.id });
    });
    throw new AppError("PRECONDITION_FAILED", `Could not start the sandbox: ${kubeErrorMessage(error)}`);
  }
  return (options.commit ?? inTransaction)(async () => {
    await db.update(sandboxes).set({ podName, updatedAt: new Date() }).where(eq(sandboxes.id, row!.id));
    await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: row!.id });
    return getSandbox({ ...options, sandboxId: row!.id });
  });
}
