import { router } from "../../trpc/procedures";
import { cancelRunProcedure } from "./cancel-run";
import { createRunProcedure } from "./create-run";
import { followRunEventsProcedure } from "./follow-run-events";
import { getPullRequestSetProcedure } from "./get-pull-request-set";
import { getRunProcedure } from "./get-run";
import { listDiffsProcedure } from "./list-diffs";
import { listProvidersProcedure } from "./list-providers";
import { listRunsProcedure } from "./list-runs";
import { rollbackPullRequestSetProcedure } from "./rollback-pull-request-set";
import { sendMessageProcedure } from "./send-message";
import { sumCostsProcedure } from "./sum-costs";

export const agentRunsRouter = router({
  create: createRunProcedure,
  list: listRunsProcedure,
  get: getRunProcedure,
  events: followRunEventsProcedure,
  cancel: cancelRunProcedure,
  sendMessage: sendMessageProcedure,
  diffs: listDiffsProcedure,
  costs: sumCostsProcedure,
  providers: listProvidersProcedure,
  pullRequestSet: getPullRequestSetProcedure,
  rollbackSet: rollbackPullRequestSetProcedure,
});
