import { z } from "zod";
import { listClusters } from "../../services/clusters/list-clusters";
import { tenantProcedure } from "../../trpc/procedures";
import { ZCluster } from "./schemas";

export const listClustersProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(z.array(ZCluster))
  .query(({ ctx }) => listClusters({ tenantId: ctx.tenantId }));
