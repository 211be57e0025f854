export { listClusters } from "../server/services/clusters/clusters";
export { listSandboxes } from "../server/services/sandboxes/sandboxes";
export { listDomains, listPreviews } from "../server/services/previews/previews";
