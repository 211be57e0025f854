import { z } from "zod";
import { syncCluster } from "../../services/clusters/sync-cluster";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZSyncClusterRequest = z.object({ clusterId: ZId });

export const syncClusterProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZSyncClusterRequest)
  .mutation(({ ctx, input }) => syncCluster({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
