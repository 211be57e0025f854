import { listDomains } from "../../services/domains/list-domains";
import { tenantProcedure } from "../../trpc/procedures";

export const listDomainsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listDomains({ tenantId: ctx.tenantId }));
