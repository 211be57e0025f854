import { router } from "../../trpc/procedures";
import { searchWorkspaceProcedure } from "./search-workspace";

export const searchRouter = router({
  workspace: searchWorkspaceProcedure,
});
