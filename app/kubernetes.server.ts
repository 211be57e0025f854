export { listClusters } from "../server/services/clusters/list-clusters";
export { listSandboxes } from "../server/services/sandboxes/list-sandboxes";
export { listPreviews } from "../server/services/previews/list-previews";
export { listDomains } from "../server/services/domains/list-domains";
