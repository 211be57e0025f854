import { z } from "zod";
import { sendTestDelivery } from "../../services/hooks/send-test-delivery";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZSendTestDeliveryRequest = z.object({ hookId: ZId });

export const ZSendTestDeliveryResponse = z.object({ deliveryId: z.number() });

export const sendTestDeliveryProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZSendTestDeliveryRequest)
  .output(ZSendTestDeliveryResponse)
  .mutation(({ ctx, input }) => sendTestDelivery({ tenantId: ctx.tenantId, ...input }));
