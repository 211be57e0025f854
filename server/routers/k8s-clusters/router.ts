import { router } from "../../trpc/procedures";
import { deleteClusterProcedure } from "./delete-cluster";
import { getClusterProcedure } from "./get-cluster";
import { listClustersProcedure } from "./list-clusters";
import { registerClusterProcedure } from "./register-cluster";
import { syncClusterProcedure } from "./sync-cluster";

/** Kubernetes clusters: registered with a kubeconfig (sealed at rest), synced, provisioned with the tenant's namespace. */
export const k8sClustersRouter = router({
  register: registerClusterProcedure,
  list: listClustersProcedure,
  get: getClusterProcedure,
  sync: syncClusterProcedure,
  delete: deleteClusterProcedure,
});
