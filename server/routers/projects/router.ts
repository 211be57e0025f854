import { router } from "../../trpc/procedures";
import { archiveProjectProcedure } from "./archive-project";
import { createProjectProcedure } from "./create-project";
import { followBoardEventsProcedure } from "./follow-board-events";
import { getBoardProcedure } from "./get-board";
import { getProjectProcedure } from "./get-project";
import { listProjectsProcedure } from "./list-projects";
import { updateAutomationProcedure } from "./update-automation";
import { updateColumnsProcedure } from "./update-columns";
import { updateProjectProcedure } from "./update-project";

export const projectsRouter = router({
  list: listProjectsProcedure,
  create: createProjectProcedure,
  get: getProjectProcedure,
  update: updateProjectProcedure,
  archive: archiveProjectProcedure,
  board: getBoardProcedure,
  updateColumns: updateColumnsProcedure,
  updateAutomation: updateAutomationProcedure,
  boardEvents: followBoardEventsProcedure,
});
