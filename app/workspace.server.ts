export { lastWorkspaceEventId } from "../server/services/workspace/record-workspace-change";
export { listMyWorkspaces } from "../server/services/tenants/list-my-workspaces";
