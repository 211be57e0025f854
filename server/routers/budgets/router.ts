import { router } from "../../trpc/procedures";
import { getBudgetProcedure } from "./get-budget";
import { removeBudgetProcedure } from "./remove-budget";
import { setBudgetProcedure } from "./set-budget";

export const budgetsRouter = router({
  get: getBudgetProcedure,
  set: setBudgetProcedure,
  remove: removeBudgetProcedure,
});
