import { router } from "../../trpc/procedures";
import {
  archiveProjectProcedure,
  boardEventsProcedure,
  boardProcedure,
  createProjectProcedure,
  getProjectProcedure,
  listProjectsProcedure,
  updateColumnsProcedure,
  updateProjectProcedure,
} from "./procedures";

export const projectsRouter = router({
  list: listProjectsProcedure,
  create: createProjectProcedure,
  get: getProjectProcedure,
  update: updateProjectProcedure,
  archive: archiveProjectProcedure,
  board: boardProcedure,
  updateColumns: updateColumnsProcedure,
  boardEvents: boardEventsProcedure,
});
