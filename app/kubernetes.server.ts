export { listClusters } from "../server/services/clusters/list-clusters";
export { listSandboxes } from "../server/services/sandboxes/sandboxes";
export { listPreviews } from "../server/services/previews/list-previews";
export { listDomains } from "../server/services/domains/list-domains";
