import { z } from "zod";
import { listDomains } from "../../services/domains/list-domains";
import { tenantProcedure } from "../../trpc/procedures";
import { ZDomain } from "./schemas";

export const listDomainsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(z.array(ZDomain))
  .query(({ ctx }) => listDomains({ tenantId: ctx.tenantId }));
