import { listModelPrices } from "../../services/model-prices/list-model-prices";
import { tenantProcedure } from "../../trpc/procedures";

export const listModelPricesProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .query(({ ctx }) => listModelPrices({ tenantId: ctx.tenantId }));
