import { z } from "zod";
import { getCluster } from "../../services/clusters/get-cluster";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZCluster } from "./schemas";

export const ZGetClusterRequest = z.object({ clusterId: ZId });

export const getClusterProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetClusterRequest)
  .output(ZCluster)
  .query(({ ctx, input }) => getCluster({ tenantId: ctx.tenantId, ...input }));
