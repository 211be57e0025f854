import { z } from "zod";
import { deleteCluster } from "../../services/clusters/delete-cluster";
import { teardownClusterNamespace } from "../../services/clusters/teardown-cluster-namespace";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteClusterRequest = z.object({ clusterId: ZId, force: z.boolean().default(false) });

/** Tears the namespace down on the cluster, then deletes the row with its audit entry. */
export const deleteClusterProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZDeleteClusterRequest)
  .output(ZIdResponse)
  .mutation(async ({ ctx, input }) => {
    await teardownClusterNamespace({ tenantId: ctx.tenantId, env: ctx.env, ...input });
    return ctx.inTransaction(() => deleteCluster({ tenantId: ctx.tenantId, clusterId: input.clusterId }));
  });
