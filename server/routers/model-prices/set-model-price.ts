import { z } from "zod";
import { setModelPrice } from "../../services/model-prices/set-model-price";
import { tenantProcedure } from "../../trpc/procedures";
import { ZModelName, ZProvider } from "../schemas";
import { ZModelPrice } from "./schemas";

/** US dollars per million tokens; the dearest list price today is well under $1,000. */
const ZUsdPerMillion = z
  .number()
  .finite()
  .min(0, "A price cannot be negative.")
  .max(10_000, "A price is at most $10,000 per million tokens.");

export const ZSetModelPriceRequest = z.object({
  provider: ZProvider,
  model: ZModelName,
  inputUsdPerMillion: ZUsdPerMillion,
  outputUsdPerMillion: ZUsdPerMillion,
  /** Unset: cache writes are billed as input. */
  cacheWriteUsdPerMillion: ZUsdPerMillion.nullish(),
  /** Unset: cache reads are billed as input. */
  cacheReadUsdPerMillion: ZUsdPerMillion.nullish(),
});

export const setModelPriceProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZSetModelPriceRequest)
  .output(ZModelPrice)
  .mutation(({ ctx, input }) =>
    setModelPrice({
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      provider: input.provider,
      model: input.model,
      price: {
        inputUsdPerMillion: input.inputUsdPerMillion,
        outputUsdPerMillion: input.outputUsdPerMillion,
        cacheWriteUsdPerMillion: input.cacheWriteUsdPerMillion ?? undefined,
        cacheReadUsdPerMillion: input.cacheReadUsdPerMillion ?? undefined,
      },
    }),
  );
