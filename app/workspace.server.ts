export { lastWorkspaceEventId } from "../server/services/workspace/record-workspace-change";
