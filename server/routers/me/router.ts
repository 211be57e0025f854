import { router } from "../../trpc/procedures";
import { getMeProcedure } from "./get";

export const meRouter = router({
  get: getMeProcedure,
});
