import { z } from "zod";
import { deleteCluster } from "../../services/clusters/delete-cluster";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZDeleteClusterRequest = z.object({ clusterId: ZId, force: z.boolean().default(false) });

export const deleteClusterProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZDeleteClusterRequest)
  .mutation(({ ctx, input }) => deleteCluster({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
