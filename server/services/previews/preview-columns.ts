import { previewDeployments } from "../../../db/schema";

export const previewColumns = {
  id: previewDeployments.id,
  clusterId: previewDeployments.clusterId,
  repositoryId: previewDeployments.repositoryId,
  runId: previewDeployments.runId,
  ticketId: previewDeployments.ticketId,
  branch: previewDeployments.branch,
  host: previewDeployments.host,
  url: previewDeployments.url,
  status: previewDeployments.status,
  error: previewDeployments.error,
  createdAt: previewDeployments.createdAt,
  destroyedAt: previewDeployments.destroyedAt,
};
