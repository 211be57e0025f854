import { z } from "zod";
import { listAllowedHosts } from "../../services/outbound/list-allowed-hosts";
import { tenantProcedure } from "../../trpc/procedures";
import { ZAllowedHost } from "./schemas";

export const ZListAllowedHostsResponse = z.array(ZAllowedHost);

export const listAllowedHostsProcedure = tenantProcedure
  .meta({ permission: "outbound:manage" })
  .output(ZListAllowedHostsResponse)
  .query(({ ctx }) => listAllowedHosts({ tenantId: ctx.tenantId }));
