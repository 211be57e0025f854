import { z } from "zod";
import type { Message } from "../../models/types";
import { completePodTurn } from "../../services/pod-api/complete-pod-turn";
import { reportingPodProcedure } from "../../trpc/pod-procedures";

const ZPart = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().max(400_000) }),
  z.object({ type: z.literal("image"), mediaType: z.string().max(40), dataBase64: z.string().max(8_000_000) }),
  z.object({
    type: z.literal("tool_call"),
    id: z.string().max(200),
    name: z.string().max(100),
    input: z.unknown(),
    invalidInput: z.string().max(100_000).optional(),
  }),
  // OpenAI's reasoning items and Claude's thinking blocks, handed back to the app's provider as they came from it.
  z.object({
    type: z.literal("opaque"),
    provider: z.enum(["openai-responses", "anthropic"]),
    data: z.record(z.string(), z.unknown()).refine((data) => JSON.stringify(data).length <= 400_000, "too large"),
  }),
  z.object({
    type: z.literal("tool_result"),
    toolCallId: z.string().max(200),
    content: z.string().max(400_000),
    isError: z.boolean(),
  }),
]);
const ZMessage = z.object({ role: z.enum(["user", "assistant"]), content: z.array(ZPart).max(200) });

export const ZCompletePodTurnRequest = z.object({
  system: z.string().max(200_000),
  messages: z.array(ZMessage).max(2_000),
  messageId: z.string().max(100),
  compaction: z.boolean().default(false),
});

const ZModelTurn = z.object({
  text: z.string(),
  toolCalls: z.array(
    z.object({
      type: z.literal("tool_call"),
      id: z.string(),
      name: z.string(),
      input: z.unknown(),
      invalidInput: z.string().optional(),
    }),
  ),
  usage: z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    cacheWriteTokens: z.number().optional(),
    cacheReadTokens: z.number().optional(),
    reasoningTokens: z.number().optional(),
  }),
  stopReason: z.string().nullable(),
  opaque: z
    .array(
      z.object({
        type: z.literal("opaque"),
        provider: z.enum(["openai-responses", "anthropic"]),
        data: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
});

/** The model's turn, or why the pod's loop stops here (a cancel keeping the work, a spent budget). */
export const ZCompletePodTurnResponse = z.union([
  ZModelTurn,
  z.object({ stop: z.object({ reason: z.enum(["cancelled", "budget"]), message: z.string() }) }),
]);

/** One model call on the app's provider client; streamed text becomes run events, usage is metered. */
export const completePodTurnProcedure = reportingPodProcedure
  .meta({ permission: "run-token" })
  .input(ZCompletePodTurnRequest)
  .output(ZCompletePodTurnResponse)
  .mutation(({ ctx, input }) =>
    completePodTurn({
      tenantId: ctx.tenantId,
      run: ctx.run,
      env: ctx.env,
      mask: ctx.mask,
      ...input,
      messages: input.messages as Message[],
    }),
  );
