import { router } from "../../trpc/procedures";
import { listProjectRepositoriesProcedure } from "./list-project-repositories";
import { mapRepositoryProcedure } from "./map-repository";
import { unmapRepositoryProcedure } from "./unmap-repository";

export const projectRepositoriesRouter = router({
  list: listProjectRepositoriesProcedure,
  add: mapRepositoryProcedure,
  remove: unmapRepositoryProcedure,
});
