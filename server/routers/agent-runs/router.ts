import { router } from "../../trpc/procedures";
import { runEventsProcedure } from "./events";
import {
  cancelRunProcedure,
  costsProcedure,
  createRunProcedure,
  diffsProcedure,
  getRunProcedure,
  listRunsProcedure,
  providersProcedure,
  pullRequestSetProcedure,
  rollbackSetProcedure,
  sendMessageProcedure,
} from "./procedures";

export const agentRunsRouter = router({
  create: createRunProcedure,
  list: listRunsProcedure,
  get: getRunProcedure,
  events: runEventsProcedure,
  cancel: cancelRunProcedure,
  sendMessage: sendMessageProcedure,
  diffs: diffsProcedure,
  costs: costsProcedure,
  providers: providersProcedure,
  pullRequestSet: pullRequestSetProcedure,
  rollbackSet: rollbackSetProcedure,
});
