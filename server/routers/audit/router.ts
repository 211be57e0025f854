import { router } from "../../trpc/procedures";
import { listAuditProcedure } from "./list-audit";

export const auditRouter = router({
  list: listAuditProcedure,
});
