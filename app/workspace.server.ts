export { lastWorkspaceEventId } from "../server/services/workspace/last-workspace-event-id";
export { listMyWorkspaces } from "../server/services/tenants/list-my-workspaces";
