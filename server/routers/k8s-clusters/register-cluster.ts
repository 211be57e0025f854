import { z } from "zod";
import { awaitClusterSync } from "../../services/clusters/await-cluster-sync";
import { prepareCluster } from "../../services/clusters/prepare-cluster";
import { registerCluster } from "../../services/clusters/register-cluster";
import { tenantProcedure } from "../../trpc/procedures";
import { ZQuantity } from "../schemas";
import { ZCluster } from "./schemas";

export const ZRegisterClusterRequest = z.object({
  name: z.string().trim().min(1, "Name the cluster.").max(80),
  kubeconfig: z.string().min(20, "Paste a kubeconfig.").max(200_000),
  quota: z
    .object({
      cpu: ZQuantity.optional(),
      memory: ZQuantity.optional(),
      pods: z.number().int().min(1).max(10_000).optional(),
    })
    .optional(),
  /** Addresses agent pods may reach on every port (the app, when it is private or not on 80/443). */
  allowEgressCidrs: z.array(z.cidrv4()).max(20).optional(),
  /** DNS resolvers that are not kube-dns pods (GKE Cloud DNS, NodeLocal DNSCache): port 53 only. */
  dnsEgressCidrs: z
    .array(z.union([z.cidrv4(), z.cidrv6()]))
    .max(20)
    .optional(),
});

/** Checks and seals the kubeconfig, stores the cluster with its first sync queued, and answers once that sync has ended. */
export const registerClusterProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZRegisterClusterRequest)
  .output(ZCluster)
  .mutation(async ({ ctx, input }) => {
    const prepared = await prepareCluster({
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      env: ctx.env,
      ...input,
      quota: input.quota ? Object.fromEntries(Object.entries(input.quota).filter(([, value]) => value !== undefined)) : undefined,
    });
    const registered = await ctx.inTransaction(() => registerCluster(prepared));
    return awaitClusterSync({ tenantId: ctx.tenantId, clusterId: registered.id, syncJobId: registered.syncJobId });
  });
