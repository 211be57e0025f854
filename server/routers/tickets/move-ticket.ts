import { z } from "zod";
import { moveTicket } from "../../services/tickets/move-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZColumnKey, ZId } from "../schemas";
import { ZCardRun, ZTicketCard } from "./schemas";

export const ZMoveTicketRequest = z.object({
  ticketId: ZId,
  toColumnKey: ZColumnKey,
  /** The ticket it should follow in the target column; null puts it at the top. */
  afterTicketId: ZId.nullable(),
});

/** The moved card; `latestRun` may be left out, since a move does not change it. */
export const ZMoveTicketResponse = ZTicketCard.extend({ latestRun: ZCardRun.nullish() });

export const moveTicketProcedure = tenantProcedure
  .meta({ permission: "tickets:write" })
  .input(ZMoveTicketRequest)
  .output(ZMoveTicketResponse)
  .mutation(({ ctx, input }) =>
    moveTicket({
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      ...input,
      audit: { userId: ctx.userId, apiKeyId: ctx.identity.apiKeyId ?? null, requestId: ctx.requestId },
    }),
  );
