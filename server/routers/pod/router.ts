import { router } from "../../trpc/procedures";
import { callPodToolProcedure } from "./call-pod-tool";
import { compactPodConversationProcedure } from "./compact-pod-conversation";
import { completePodTurnProcedure } from "./complete-pod-turn";
import { finishPodRunProcedure } from "./finish-pod-run";
import { getPodContextProcedure } from "./get-pod-context";
import { listFollowUpsProcedure } from "./list-follow-ups";
import { writePodEventsProcedure } from "./write-pod-events";

/** The API a Kubernetes agent pod calls with its run token (see `podProcedure`). */
export const podRouter = router({
  context: getPodContextProcedure,
  complete: completePodTurnProcedure,
  compact: compactPodConversationProcedure,
  events: writePodEventsProcedure,
  followUps: listFollowUpsProcedure,
  finish: finishPodRunProcedure,
  callTool: callPodToolProcedure,
});
