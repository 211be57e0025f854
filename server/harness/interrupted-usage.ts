import type { Message, ToolSpec, Usage } from "../models/types";

/** Roughly four characters a token for English text and code, the providers' own rule of thumb. */
const CHARS_PER_TOKEN = 4;

/**
 * What a model call that was cut off (a cancel, a timeout) had spent. The
 * providers bill the prompt and every token generated, but an aborted stream
 * never reaches the event carrying the counts, so they are estimated from the
 * prompt sent and the text received.
 */
export function estimateInterruptedUsage(
  request: { system: string; messages: Message[]; tools: ToolSpec[] },
  received: string,
): Usage {
  const prompt = request.system.length + JSON.stringify(request.messages).length + JSON.stringify(request.tools).length;
  return {
    inputTokens: Math.ceil(prompt / CHARS_PER_TOKEN),
    outputTokens: Math.ceil(received.length / CHARS_PER_TOKEN),
  };
}
