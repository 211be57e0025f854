import { listApiKeys } from "../../services/api-keys/list-api-keys";
import { tenantProcedure } from "../../trpc/procedures";

export const listApiKeysProcedure = tenantProcedure
  .meta({ permission: "keys:manage" })
  .query(({ ctx }) => listApiKeys({ tenantId: ctx.tenantId }));
