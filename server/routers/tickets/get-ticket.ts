import { z } from "zod";
import { getTicket } from "../../services/tickets/get-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZUserRef } from "../schemas";
import { ZTicketCard } from "./schemas";

export const ZGetTicketRequest = z.union([z.object({ ticketId: ZId }), z.object({ key: z.string().trim().min(3).max(24) })]);

export const ZGetTicketResponse = ZTicketCard.extend({
  projectKey: z.string(),
  descriptionMd: z.string(),
  createdAt: z.date(),
  comments: z.array(z.object({ id: z.number(), bodyMd: z.string(), createdAt: z.date(), author: ZUserRef.nullable() })),
  activity: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      data: z.record(z.string(), z.unknown()),
      createdAt: z.date(),
      actor: z.object({ id: z.number(), login: z.string() }).nullable(),
    }),
  ),
});

export const getTicketProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetTicketRequest)
  .output(ZGetTicketResponse)
  .query(({ ctx, input }) => getTicket({ tenantId: ctx.tenantId, ...input }));
