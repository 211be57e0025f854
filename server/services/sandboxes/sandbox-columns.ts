import { repositories, sandboxes } from "../../../db/schema";

export const sandboxColumns = {
  id: sandboxes.id,
  clusterId: sandboxes.clusterId,
  repositoryId: sandboxes.repositoryId,
  branch: sandboxes.branch,
  podName: sandboxes.podName,
  namespace: sandboxes.namespace,
  status: sandboxes.status,
  destroyedAt: sandboxes.destroyedAt,
  createdAt: sandboxes.createdAt,
  repository: repositories.fullName,
};
