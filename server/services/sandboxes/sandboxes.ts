import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositories, sandboxes, sandboxLogs } from "../../../db/schema";
import { isNotFound, kubeErrorMessage, type KubeClients } from "../../../k8s/client";
import { gitCredentialSecret, sandboxPod, sandboxPodName, tenantNamespaceName } from "../../../k8s/manifests";
import { deleteIfPresent, ensure, kinds } from "../../../k8s/provision";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { clusterClients } from "../clusters/cluster-clients";
import { tenantSlug } from "../clusters/tenant-namespace";
import { connectorToken } from "../connectors/connectors";
import { getRepository } from "../repositories/repositories";
import { sanitizeText } from "../../text/sanitize";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";

const sandboxColumns = {
  id: sandboxes.id,
  clusterId: sandboxes.clusterId,
  repositoryId: sandboxes.repositoryId,
  branch: sandboxes.branch,
  podName: sandboxes.podName,
  namespace: sandboxes.namespace,
  status: sandboxes.status,
  destroyedAt: sandboxes.destroyedAt,
  createdAt: sandboxes.createdAt,
  repository: repositories.fullName,
};

/** An ephemeral dev environment: a pod in the tenant's namespace with the repository cloned at a branch. */
export async function createSandbox(options: {
  tenantId: number;
  userId: number;
  env: Env;
  clusterId: number;
  repositoryId?: number | null;
  branch?: string | null;
}) {
  const { clients } = await clusterClients(options);
  const slug = await tenantSlug(options.tenantId);
  const namespace = tenantNamespaceName(slug);
  let repo: { cloneUrl: string; connectorId: number; defaultBranch: string } | undefined;
  if (options.repositoryId) repo = await getRepository({ tenantId: options.tenantId, repositoryId: options.repositoryId });
  const [row] = await db
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
    .returning({ id: sandboxes.id, branch: sandboxes.branch });
  const podName = sandboxPodName(row!.id);
  try {
    if (repo) {
      const token = await connectorToken({ tenantId: options.tenantId, connectorId: repo.connectorId, env: options.env });
      await ensure(
        kinds(clients, namespace).secret,
        gitCredentialSecret({ namespace, tenantSlug: slug, connectorId: repo.connectorId, token }),
      );
    }
    await clients.core.createNamespacedPod({
      namespace,
      body: sandboxPod({
        namespace,
        tenantSlug: slug,
        sandboxId: row!.id,
        image: options.env.AGENT_IMAGE,
        cloneUrl: repo?.cloneUrl,
        branch: row!.branch ?? undefined,
        connectorId: repo?.connectorId,
      }),
    });
    await db.update(sandboxes).set({ podName, updatedAt: new Date() }).where(eq(sandboxes.id, row!.id));
  } catch (error) {
    await db.update(sandboxes).set({ status: "error", updatedAt: new Date() }).where(eq(sandboxes.id, row!.id));
    await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: row!.id });
    throw new AppError("PRECONDITION_FAILED", `Could not start the sandbox: ${kubeErrorMessage(error)}`);
  }
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: row!.id });
  return getSandbox({ ...options, sandboxId: row!.id });
}

/**
 * The sandbox row with its pod's current phase, and its cluster's clients — built at most once
 * per call (cluster row, kubeconfig decrypt and parse), on first use.
 */
async function loadSandbox(options: { tenantId: number; sandboxId: number; env: Env }) {
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
    const pod = await (await clients()).core.readNamespacedPod({ name: row.podName, namespace: row.namespace });
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

/** A sandbox with its pod's current phase. */
export async function getSandbox(options: { tenantId: number; sandboxId: number; env: Env }) {
  return (await loadSandbox(options)).sandbox;
}

export async function listSandboxes(options: { tenantId: number; includeDestroyed?: boolean }) {
  return db
    .select(sandboxColumns)
    .from(sandboxes)
    .leftJoin(repositories, eq(repositories.id, sandboxes.repositoryId))
    .where(and(eq(sandboxes.tenantId, options.tenantId), options.includeDestroyed ? undefined : isNull(sandboxes.destroyedAt)))
    .orderBy(desc(sandboxes.id));
}

export async function destroySandbox(options: { tenantId: number; sandboxId: number; env: Env }) {
  const { sandbox, clients } = await loadSandbox(options);
  if (sandbox.destroyedAt) throw new AppError("CONFLICT", "This sandbox is already destroyed.");
  if (sandbox.podName && sandbox.namespace) {
    const kube = await clients();
    await deleteIfPresent(() => kube.core.deleteNamespacedPod({ name: sandbox.podName!, namespace: sandbox.namespace! }));
  }
  await db
    .update(sandboxes)
    .set({ status: "destroyed", destroyedAt: new Date(), updatedAt: new Date() })
    .where(eq(sandboxes.id, sandbox.id));
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "sandbox", subjectId: sandbox.id });
  return { ...sandbox, status: "destroyed" };
}

/**
 * The sandbox pod's recent log lines; new lines are kept in `sandbox_logs` so
 * the history survives the pod. Returns the lines after `afterId`.
 */
export async function sandboxLogLines(options: { tenantId: number; sandboxId: number; env: Env; afterId?: number }) {
  const { sandbox, clients } = await loadSandbox(options);
  if (!sandbox.destroyedAt && sandbox.podName && sandbox.namespace) {
    try {
      const text = await (
        await clients()
      ).core.readNamespacedPodLog({
        name: sandbox.podName,
        namespace: sandbox.namespace,
        container: "sandbox",
        tailLines: 500,
      });
      const lines = sanitizeText(String(text ?? ""))
        .split("\n")
        .filter(Boolean);
      const known = await db
        .select({ line: sandboxLogs.line })
        .from(sandboxLogs)
        .where(and(eq(sandboxLogs.sandboxId, sandbox.id), eq(sandboxLogs.tenantId, options.tenantId)))
        .orderBy(desc(sandboxLogs.id))
        .limit(500);
      const seen = new Set(known.map((row) => row.line));
      const fresh = lines.filter((line) => !seen.has(line));
      if (fresh.length)
        await db.insert(sandboxLogs).values(fresh.map((line) => ({ tenantId: options.tenantId, sandboxId: sandbox.id, line })));
    } catch {
      // The pod may not have started yet; the stored history is still served.
    }
  }
  const rows = await db
    .select({ id: sandboxLogs.id, line: sandboxLogs.line, stream: sandboxLogs.stream })
    .from(sandboxLogs)
    .where(
      and(
        eq(sandboxLogs.sandboxId, sandbox.id),
        eq(sandboxLogs.tenantId, options.tenantId),
        gt(sandboxLogs.id, options.afterId ?? 0),
      ),
    )
    .orderBy(sandboxLogs.id);
  return { status: sandbox.status, lines: rows };
}
