import { z } from "zod";
import { getEnv } from "../../env.server";
import { deleteCluster, getCluster, listClusters, registerCluster, syncCluster } from "../../services/clusters/clusters";
import {
  addDomain,
  getPreview,
  listDomains,
  listPreviews,
  removeDomain,
  requestPreview,
  requestPreviewDestroy,
} from "../../services/previews/previews";
import { createSandbox, destroySandbox, getSandbox, listSandboxes, sandboxLogLines } from "../../services/sandboxes/sandboxes";
import { router, tenantProcedure } from "../../trpc/procedures";
import { ZId, zBranchName } from "../schemas";

const ZQuantity = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, "A Kubernetes quantity like 8, 500m or 16Gi.");

/** Kubernetes clusters: registered with a kubeconfig (sealed at rest), synced, provisioned with the tenant's namespace. */
export const k8sClustersRouter = router({
  register: tenantProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "Name the cluster.").max(80),
        kubeconfig: z.string().min(20, "Paste a kubeconfig.").max(200_000),
        quota: z
          .object({
            cpu: ZQuantity.optional(),
            memory: ZQuantity.optional(),
            pods: z.number().int().min(1).max(10_000).optional(),
          })
          .optional(),
        allowEgressCidrs: z.array(z.cidrv4()).max(20).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      registerCluster({
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        env: getEnv(),
        ...input,
        quota: input.quota
          ? Object.fromEntries(Object.entries(input.quota).filter(([, value]) => value !== undefined))
          : undefined,
      }),
    ),
  list: tenantProcedure.query(({ ctx }) => listClusters({ tenantId: ctx.tenantId })),
  get: tenantProcedure
    .input(z.object({ clusterId: ZId }))
    .query(({ ctx, input }) => getCluster({ tenantId: ctx.tenantId, ...input })),
  sync: tenantProcedure
    .input(z.object({ clusterId: ZId }))
    .mutation(({ ctx, input }) => syncCluster({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  delete: tenantProcedure
    .input(z.object({ clusterId: ZId, force: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => deleteCluster({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
});

const ZBranch = zBranchName("Not a valid branch name.");

/** Preview deployments of branches, and the custom domains mapped to them. */
export const previewsRouter = router({
  list: tenantProcedure
    .input(z.object({ runId: ZId.optional(), ticketId: ZId.optional(), includeDestroyed: z.boolean().default(false) }))
    .query(({ ctx, input }) => listPreviews({ tenantId: ctx.tenantId, ...input })),
  get: tenantProcedure
    .input(z.object({ previewId: ZId }))
    .query(({ ctx, input }) => getPreview({ tenantId: ctx.tenantId, ...input })),
  deploy: tenantProcedure
    .input(z.object({ clusterId: ZId, repositoryId: ZId, branch: ZBranch, runId: ZId.nullish(), ticketId: ZId.nullish() }))
    .mutation(({ ctx, input }) => requestPreview({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  destroy: tenantProcedure
    .input(z.object({ previewId: ZId }))
    .mutation(({ ctx, input }) => requestPreviewDestroy({ tenantId: ctx.tenantId, ...input })),
});

export const domainsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listDomains({ tenantId: ctx.tenantId })),
  create: tenantProcedure
    .input(z.object({ domain: z.string().trim().min(3).max(253), previewId: ZId }))
    .mutation(({ ctx, input }) => addDomain({ tenantId: ctx.tenantId, ...input })),
  delete: tenantProcedure
    .input(z.object({ domainId: ZId }))
    .mutation(({ ctx, input }) => removeDomain({ tenantId: ctx.tenantId, ...input })),
});

export const sandboxesRouter = router({
  list: tenantProcedure.query(({ ctx }) => listSandboxes({ tenantId: ctx.tenantId })),
  get: tenantProcedure
    .input(z.object({ sandboxId: ZId }))
    .query(({ ctx, input }) => getSandbox({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  create: tenantProcedure
    .input(z.object({ clusterId: ZId, repositoryId: ZId.nullish(), branch: ZBranch.nullish() }))
    .mutation(({ ctx, input }) => createSandbox({ tenantId: ctx.tenantId, userId: ctx.userId, env: getEnv(), ...input })),
  destroy: tenantProcedure
    .input(z.object({ sandboxId: ZId }))
    .mutation(({ ctx, input }) => destroySandbox({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  logs: tenantProcedure
    .input(z.object({ sandboxId: ZId, afterId: z.number().int().min(0).optional() }))
    .query(({ ctx, input }) => sandboxLogLines({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
});
