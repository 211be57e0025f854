import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositories, sandboxes } from "../../../db/schema";
import { isNotFound, type KubeClients } from "../../../k8s/client";
import { readSandboxPod } from "../../../k8s/sandboxes";
import type { Env } from "../../env.server";
import { notFound } from "../../errors";
import { clusterClients } from "../clusters/cluster-clients";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { sandboxColumns } from "./sandbox-columns";

/**
 * The sandbox row with its pod's current phase, and its cluster's clients — built at most once
 * per call (cluster row, kubeconfig decrypt and parse), on first use.
 */
export async function loadSandbox(options: { tenantId: number; sandboxId: number; env: Env }) {
  const [row] = await db
    .select(sandboxColumns)
    .from(sandboxes)
    .leftJoin(repositories, eq(repositories.id, sandboxes.repositoryId))
    .where(and(eq(sandboxes.id, options.sandboxId), eq(sandboxes.tenantId, options.tenantId)));
  if (!row) throw notFound("Sandbox");
  let pending: Promise<KubeClients> | undefined;
  const clients = () => (pending ??= clusterClients({ ...options, clusterId: row.clusterId }).then((found) => found.clients));
  if (row.destroyedAt || !row.podName || !row.namespace) return { sandbox: row, clients };
  try {
    const pod = await readSandboxPod(await clients(), { name: row.podName, namespace: row.namespace });
    const status = (pod.status?.phase ?? "Pending").toLowerCase();
    if (status !== row.status) {
      await db.update(sandboxes).set({ status, updatedAt: new Date() }).where(eq(sandboxes.id, row.id));
      await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: row.id });
    }
    return { sandbox: { ...row, status }, clients };
  } catch (error) {
    if (isNotFound(error)) return { sandbox: { ...row, status: "gone" }, clients };
    return { sandbox: row, clients };
  }
}
