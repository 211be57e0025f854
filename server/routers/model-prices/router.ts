import { router } from "../../trpc/procedures";
import { listModelPricesProcedure } from "./list-model-prices";
import { removeModelPriceProcedure } from "./remove-model-price";
import { setModelPriceProcedure } from "./set-model-price";

/** The workspace's own model prices, which win over the catalog's (admins only: they decide what budgets count). */
export const modelPricesRouter = router({
  list: listModelPricesProcedure,
  set: setModelPriceProcedure,
  remove: removeModelPriceProcedure,
});
