import { z } from "zod";
import { removeModelPrice } from "../../services/model-prices/remove-model-price";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZRemoveModelPriceRequest = z.object({ modelPriceId: ZId });

export const removeModelPriceProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZRemoveModelPriceRequest)
  .mutation(({ ctx, input }) => removeModelPrice({ tenantId: ctx.tenantId, modelPriceId: input.modelPriceId }));
