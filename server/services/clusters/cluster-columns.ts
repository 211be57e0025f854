import { k8sClusters } from "../../../db/schema";

export const clusterColumns = {
  id: k8sClusters.id,
  name: k8sClusters.name,
  serverUrl: k8sClusters.serverUrl,
  serverVersion: k8sClusters.serverVersion,
  status: k8sClusters.status,
  namespace: k8sClusters.namespace,
  lastSyncedAt: k8sClusters.lastSyncedAt,
  syncInfo: k8sClusters.syncInfo,
  createdAt: k8sClusters.createdAt,
};
