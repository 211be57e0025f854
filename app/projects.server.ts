export { createProject } from "../server/services/projects/create-project";
export { getBoard } from "../server/services/projects/get-board";
export { listProjects } from "../server/services/projects/list-projects";
export { searchFeatures } from "../server/services/features/search-features";
export { ZCreateProjectRequest } from "../server/routers/projects/create-project";
