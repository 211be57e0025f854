import { ZodRealError } from "zod";
import type { Env } from "../../env.server";
import { literalRefusal } from "../../net/outbound-policy";
import { getOutboundPolicy } from "./get-outbound-policy";

/**
 * Refuses, as a field error, a URL whose host is a blocked IP literal or a
 * localhost name — caught when it is saved, not at the first delivery. Names
 * are resolved and checked again at each connection. ZodRealError rather than
 * ZodError: it is an Error, so tRPC keeps it as the cause and answers 400 with the field issue.
 */
export async function checkOutboundUrl(options: { tenantId: number; env: Env; url: string; field: string }) {
  const refused = literalRefusal(await getOutboundPolicy(options), new URL(options.url).hostname);
  if (refused) throw new ZodRealError([{ code: "custom", path: [options.field], message: refused.message, input: options.url }]);
}
