export { getRunDetail, listRuns } from "../server/services/agent-runs/list-runs";
export { explainQueuedRun } from "../server/services/agent-runs/explain-queued-run";
export { listCodeDiffs } from "../server/services/agent-runs/list-code-diffs";
export { sumRunCosts } from "../server/services/agent-runs/run-costs";
export { listRunImages } from "../server/services/images/list-run-images";
export { providerOptions } from "../server/services/agent-runs/provider-options";
export { listInstructions } from "../server/services/instructions/list-instructions";
export { listRunRepositories } from "../server/services/agent-runs/run-repos";
export { getBudget } from "../server/services/budgets/get-budget";
