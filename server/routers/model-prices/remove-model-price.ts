import { z } from "zod";
import { removeModelPrice } from "../../services/model-prices/remove-model-price";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZOkResponse } from "../schemas";

export const ZRemoveModelPriceRequest = z.object({ modelPriceId: ZId });

export const removeModelPriceProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZRemoveModelPriceRequest)
  .output(ZOkResponse)
  .mutation(({ ctx, input }) => removeModelPrice({ tenantId: ctx.tenantId, modelPriceId: input.modelPriceId }));
