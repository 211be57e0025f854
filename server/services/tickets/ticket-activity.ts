import type { Transaction } from "../../../db/client";
import { ticketActivity } from "../../../db/schema";
import { sanitizeJson } from "../../text/sanitize";

export type TicketActivityKind =
  "created" | "moved" | "edited" | "assigned" | "archived" | "restored" | "commented" | "move_refused";

/** Writes one line of a ticket's history, in the transaction that makes the change. */
export async function recordTicketActivity(
  tx: Transaction,
  options: {
    tenantId: number;
    ticketId: number;
    actorId: number | null;
    kind: TicketActivityKind;
    data?: Record<string, unknown>;
  },
) {
  await tx.insert(ticketActivity).values({ ...options, data: sanitizeJson(options.data ?? {}) });
}
