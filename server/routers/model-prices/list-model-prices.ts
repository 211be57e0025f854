import { z } from "zod";
import { listModelPrices } from "../../services/model-prices/list-model-prices";
import { tenantProcedure } from "../../trpc/procedures";
import { ZModelPrice } from "./schemas";

export const ZListModelPricesResponse = z.array(ZModelPrice.extend({ updatedBy: z.number().nullable() }));

export const listModelPricesProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .output(ZListModelPricesResponse)
  .query(({ ctx }) => listModelPrices({ tenantId: ctx.tenantId }));
