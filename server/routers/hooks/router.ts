import { router } from "../../trpc/procedures";
import { createHookProcedure } from "./create-hook";
import { deleteHookProcedure } from "./delete-hook";
import { listDeliveriesProcedure } from "./list-deliveries";
import { listHooksProcedure } from "./list-hooks";
import { sendTestDeliveryProcedure } from "./send-test-delivery";
import { updateHookProcedure } from "./update-hook";

export const hooksRouter = router({
  list: listHooksProcedure,
  create: createHookProcedure,
  update: updateHookProcedure,
  delete: deleteHookProcedure,
  deliveries: listDeliveriesProcedure,
  test: sendTestDeliveryProcedure,
});
