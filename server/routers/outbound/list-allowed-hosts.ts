import { listAllowedHosts } from "../../services/outbound/list-allowed-hosts";
import { tenantProcedure } from "../../trpc/procedures";

export const listAllowedHostsProcedure = tenantProcedure
  .meta({ permission: "outbound:manage" })
  .query(({ ctx }) => listAllowedHosts({ tenantId: ctx.tenantId }));
