import { z } from "zod";
import { sendFollowUp } from "../../services/agent-runs/send-follow-up";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZSendMessageRequest = z.object({
  runId: ZId,
  text: z.string().trim().min(1, "Write a message.").max(20_000, "Messages are at most 20,000 characters."),
});

export const ZSendMessageResponse = z.object({ seq: z.number() });

export const sendMessageProcedure = tenantProcedure
  .meta({ permission: "runs:launch" })
  .input(ZSendMessageRequest)
  .output(ZSendMessageResponse)
  .mutation(async ({ ctx, input }) => {
    const event = await sendFollowUp({ tenantId: ctx.tenantId, userId: ctx.userId, ...input });
    return { seq: event.seq };
  });
