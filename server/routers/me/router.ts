import { router } from "../../trpc/procedures";
import { getMeProcedure } from "./get-me";

export const meRouter = router({
  get: getMeProcedure,
});
