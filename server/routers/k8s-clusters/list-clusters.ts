import { listClusters } from "../../services/clusters/list-clusters";
import { tenantProcedure } from "../../trpc/procedures";

export const listClustersProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listClusters({ tenantId: ctx.tenantId }));
