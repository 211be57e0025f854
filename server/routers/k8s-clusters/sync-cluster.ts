import { z } from "zod";
import { awaitClusterSync } from "../../services/clusters/await-cluster-sync";
import { requestClusterSync } from "../../services/clusters/request-cluster-sync";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZCluster } from "./schemas";

export const ZSyncClusterRequest = z.object({ clusterId: ZId });

/** Queues a sync in the `cluster.sync` job and answers once it has ended. */
export const syncClusterProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZSyncClusterRequest)
  .output(ZCluster)
  .mutation(async ({ ctx, input }) => {
    const requested = await ctx.inTransaction(() => requestClusterSync({ tenantId: ctx.tenantId, ...input }));
    return awaitClusterSync({ tenantId: ctx.tenantId, clusterId: requested.id, syncJobId: requested.syncJobId });
  });
